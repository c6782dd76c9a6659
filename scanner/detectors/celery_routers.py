"""Celery router functions read as rules on the task name, without running them.

A router (``def route_task(name, args, kwargs, options, task=None, **kw)``, or a class's
``route_for_task(self, task, ...)``) is read statement by statement: ``if``/``elif``/``else``
on the task name, and ``return {"queue": "x"}`` / ``return "x"`` / ``return None``. Conditions
the scanner decides: ``name == "a"``, ``!=``, ``name in ("a", "b")``, ``"a" in name``,
``name.startswith(...)`` / ``endswith(...)`` (a string or a tuple), ``name.split(".")[0] ==
"a"``, ``re.match``/``search``/``fullmatch(p, name)`` and ``re.compile(p).match(name)``,
combined with ``not``/``and``/``or``; constants may be names the evaluator resolves. Each
becomes a regex rule (:mod:`scanner.celery_routing`) tried in the order the code tries it.
Deliberately ignores nothing silently: any other condition, statement or returned value is an
``unevaluated`` entry with its file:line and what could not be read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst

from scanner.bindings import ClassRef, Expr, FuncRef, Instance
from scanner.celery_routing import REGEX, UNDECIDED, unevaluated
from scanner.detectors.base import arg
from scanner.detectors.celery_queues import route_target
from scanner.evaluate import Evaluator
from scanner.index import ImportTarget
from scanner.modules import ModuleContext
from scanner.symbolic import value_of

RE_CALLS = {"re.match": "{}", "re.search": ".*?{}", "re.fullmatch": r"{}\Z"}
RE_COMPILE = frozenset({"re.compile"})
Rule = tuple[str, str]


def router_rules(ev: Evaluator, ctx: ModuleContext, func: cst.FunctionDef) -> list[Rule]:
    """The ``(pattern, queue)`` rules of a router function, in the order it applies them."""
    params = [p.name.value for p in func.params.params]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    reader = _Reader(ev, ctx, params[0] if params else "")
    if not params:
        reason = "the router takes no task name"
        return [unevaluated(ctx.path, ctx.line(func), reason), (REGEX, UNDECIDED)]
    body = func.body.body if isinstance(func.body, cst.IndentedBlock) else [func.body]
    reader.block(body, "")
    return reader.rules


def router_function(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression
) -> tuple[ModuleContext, cst.FunctionDef] | None:
    """The router function a ``task_routes`` entry names: a function, an object with
    ``route_for_task``, or the dotted path of either (``"proj.routers.route_task"``)."""
    bound = ev.resolve(ctx, node)
    if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
        module, _, name = node.evaluated_value.rpartition(".")
        for path, inner in ev.loader.resolve_import(ctx.path, ImportTarget(module, name)):
            other = ev.loader.load(path)
            bound = ev.module_name(other, inner) if other is not None and inner else None
            if bound is not None:
                break
    if isinstance(bound, Instance | ClassRef):  # Celery instantiates a class given by path
        bound = ev.method(bound.ctx, bound.info, "route_for_task")
    if isinstance(bound, FuncRef):
        return bound.ctx, bound.info.node
    return None


class _Reader:
    def __init__(self, ev: Evaluator, ctx: ModuleContext, name: str) -> None:
        self.ev, self.ctx, self.name = ev, ctx, name
        self.rules: list[Rule] = []

    def block(self, statements: Sequence[cst.CSTNode], guard: str) -> bool:
        """Rules of the statements under ``guard``; whether the block always returns."""
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Return):
                        self._returned(small, guard)
                        return True
                    if isinstance(small, cst.Raise):
                        return True
            elif isinstance(statement, cst.If):
                if self._if(statement, guard):
                    return True
            else:
                kind = type(statement).__name__.lower()
                self._unknown(statement, f"a {kind} statement in the router", guard)
        return False

    def _if(self, node: cst.If, guard: str) -> bool:
        condition = self.condition(node.test)
        if condition is None:
            self._unknown(node, f"condition `{self.ctx.code(node.test)}`", guard)
            return False
        returns = self.block(node.body.body, _conj(guard, condition))
        orelse, otherwise = node.orelse, _conj(guard, _neg(condition))
        if isinstance(orelse, cst.If):
            return self._if(orelse, otherwise) and returns
        if isinstance(orelse, cst.Else):
            return self.block(orelse.body.body, otherwise) and returns
        return False

    def _returned(self, node: cst.Return, guard: str) -> None:
        value = node.value
        if value is None or (isinstance(value, cst.Name) and value.value == "None"):
            self.rules.append((REGEX + guard, ""))
            return
        queue = route_target(self.ev, self.ctx, value)
        if queue:
            self.rules.append((REGEX + guard, queue))
        else:
            self._unknown(
                node, f"returned route `{self.ctx.code(value)}` names no known queue", guard
            )

    def _unknown(self, node: cst.CSTNode, reason: str, guard: str) -> None:
        """What cannot be read: reported, and the names reaching it have no known queue."""
        self.rules.append(unevaluated(self.ctx.path, self.ctx.line(node), reason))
        self.rules.append((REGEX + guard, UNDECIDED))

    def _text(self, node: cst.BaseExpression) -> str | None:
        return value_of(self.ev, self.ctx, node).text

    def _texts(self, node: cst.BaseExpression) -> list[str] | None:
        """A constant string, or tuple/list/set of them."""
        bound = self.ev.resolve(self.ctx, node) if isinstance(node, cst.Name) else None
        if isinstance(bound, Expr) and isinstance(bound.node, cst.Tuple | cst.List | cst.Set):
            node = bound.node
        if isinstance(node, cst.Tuple | cst.List | cst.Set):
            found = [self._text(e.value) for e in node.elements]
            return [t for t in found if t is not None] if None not in found else None
        text = self._text(node)
        return [text] if text is not None else None

    # -- conditions: a regex the task name matches (re.match) exactly when the test holds --
    def condition(self, node: cst.BaseExpression) -> str | None:
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            inner = self.condition(node.expression)
            return _neg(inner) if inner is not None else None
        if isinstance(node, cst.BooleanOperation):
            left, right = self.condition(node.left), self.condition(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.operator, cst.And):
                return _conj(left, right)
            return f"(?:{left}|{right})"
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            return self._comparison(node.left, node.comparisons[0])
        if isinstance(node, cst.Call):
            return self._call(node)
        return None

    def _comparison(self, left: cst.BaseExpression, target: cst.ComparisonTarget) -> str | None:
        op, right = target.operator, target.comparator
        if isinstance(op, cst.In | cst.NotIn):
            if self._is_name(right):  # "x" in name
                texts = self._texts(left)
                found = _any([".*?" + re.escape(t) for t in texts]) if texts else None
            else:
                texts = self._texts(right) if self._is_name(left) else None
                found = _any([re.escape(t) + r"\Z" for t in texts]) if texts else None
            return _neg(found) if found is not None and isinstance(op, cst.NotIn) else found
        if not isinstance(op, cst.Equal | cst.NotEqual):
            return None
        subject, other = (left, right) if self._text(right) is not None else (right, left)
        text = self._text(other)
        if text is None:
            return None
        found = None
        if self._is_name(subject):
            found = re.escape(text) + r"\Z"
        else:
            sep = self._first_part(subject)
            if sep is not None:
                found = re.escape(text) + f"(?:{re.escape(sep)}|\\Z)"
        return _neg(found) if found is not None and isinstance(op, cst.NotEqual) else found

    def _call(self, node: cst.Call) -> str | None:
        func = node.func
        if isinstance(func, cst.Attribute) and self._is_name(func.value):
            texts = self._texts(node.args[0].value) if node.args else None
            if not texts:
                return None
            if func.attr.value == "startswith":
                return _any([re.escape(t) for t in texts])
            if func.attr.value == "endswith":
                return _any([".*" + re.escape(t) + r"\Z" for t in texts])
            return None
        names = self.ctx.qualified_names(func)
        shape = next((RE_CALLS[n] for n in names if n in RE_CALLS), None)
        if shape is not None:
            pattern, subject = arg(node, 0, "pattern"), arg(node, 1, "string")
            regex = self._text(pattern) if pattern is not None else None
        elif isinstance(func, cst.Attribute) and func.attr.value in ("match", "search"):
            shape = RE_CALLS[f"re.{func.attr.value}"]
            regex, subject = self._compiled(func.value), arg(node, 0, "string")
        else:
            return None
        if regex is None or subject is None or not self._is_name(subject):
            return None
        return shape.format(f"(?:{regex})")

    def _compiled(self, node: cst.BaseExpression) -> str | None:
        """The pattern of the ``re.compile(p)`` that ``node`` names."""
        found = self.ev.origin(self.ctx, node)
        if found is None or not found[0].qualified_names(found[1].func) & RE_COMPILE:
            return None
        pattern = arg(found[1], 0, "pattern")
        return value_of(self.ev, found[0], pattern).text if pattern is not None else None

    def _is_name(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Name) and node.value == self.name

    def _first_part(self, node: cst.BaseExpression) -> str | None:
        """The separator of ``name.split(sep)[0]`` (or ``split(sep, 1)[0]``)."""
        if not (isinstance(node, cst.Subscript) and len(node.slice) == 1):
            return None
        index = node.slice[0].slice
        first = isinstance(index, cst.Index) and self.ctx.code(index.value) == "0"
        call = node.value
        if not (first and isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
            return None
        if call.func.attr.value != "split" or not self._is_name(call.func.value):
            return None
        sep = arg(call, 0, "sep")
        return self._text(sep) if sep is not None else None


def _conj(guard: str, condition: str) -> str:
    return f"(?={guard}){condition}" if guard else condition


def _neg(condition: str) -> str:
    return f"(?!{condition})"


def _any(options: list[str]) -> str:
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
