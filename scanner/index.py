"""A module's symbol index: what names, attributes and classes are bound to, built in one
cheap pass (no metadata) so the evaluator can follow a name back to the expression that
produced it.

Deliberately shallow: the last assignment wins (except that a ``None`` placeholder never
replaces a client a function assigns through ``global``), only simple targets (``x = ...``,
``self.x = ...``, ``a.b.x = ...``, ``with ... as x``, ``app.config["X"] = ...``, and each
name of ``a, b = "x", "y"``) are recorded, and nothing is inferred through calls except
what :mod:`scanner.evaluate` does on purpose. Names assigned more than once in one scope
are only marked (``tracked``): which assignment reaches which use is worked out lazily by
:mod:`scanner.flow`, when asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from scanner.flow import Candidate, Reaching, item_key, unpacked
from scanner.traverse import walk

Scope = cst.FunctionDef | None


@dataclass(frozen=True, slots=True)
class ImportTarget:
    """Where an imported local name comes from: ``module`` (dotted, possibly relative with
    ``level`` leading dots) and ``name`` inside it (None for ``import module``)."""

    module: str
    name: str | None
    level: int = 0


@dataclass
class ClassInfo:
    """A class: its node, base expressions, body assignments and ``self.x`` assignments."""

    node: cst.ClassDef
    bases: list[cst.BaseExpression] = field(default_factory=list)
    body: dict[str, cst.BaseExpression | None] = field(default_factory=dict)
    annotated: dict[str, cst.Annotation] = field(default_factory=dict)
    self_attrs: dict[str, cst.BaseExpression] = field(default_factory=dict)
    inner: dict[str, ClassInfo] = field(default_factory=dict)


@dataclass
class FunctionInfo:
    """A function: locals assigned in its body and its parameter names."""

    node: cst.FunctionDef
    locals: dict[str, cst.BaseExpression] = field(default_factory=dict)
    params: dict[str, cst.Param] = field(default_factory=dict)
    bound: set[str] = field(default_factory=set)  # names bound otherwise (loops, except, ...)
    import_choices: dict[str, list[ImportTarget]] = field(default_factory=dict)
    owner: ClassInfo | None = None
    parent: FunctionInfo | None = None  # the enclosing function, for closures
    globals: set[str] = field(default_factory=set)  # names declared ``global`` in it
    tracked: set[str] = field(default_factory=set)  # locals and items assigned again
    reaching: Reaching | None = None  # filled by the evaluator when first needed


@dataclass
class ModuleIndex:
    """Everything :mod:`scanner.evaluate` needs to follow names in one module."""

    imports: dict[str, ImportTarget] = field(default_factory=dict)
    import_choices: dict[str, list[ImportTarget]] = field(default_factory=dict)  # every import
    bound: set[str] = field(default_factory=set)  # module names bound by loops, except, ...
    imported_roots: set[str] = field(default_factory=set)
    # ``from m import *`` at module level, in source order: where a name bound nowhere else
    # may come from (looked up only then, by :mod:`scanner.evaluate` and
    # :mod:`scanner.qualnames`)
    star_imports: list[ImportTarget] = field(default_factory=list)
    assigns: dict[str, cst.BaseExpression] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    function_of: dict[cst.FunctionDef, FunctionInfo] = field(default_factory=dict)
    attr_assigns: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)
    scope_of: dict[cst.CSTNode, FunctionInfo] = field(default_factory=dict)
    class_of: dict[cst.CSTNode, ClassInfo] = field(default_factory=dict)
    calls: dict[str, list[cst.Call]] = field(default_factory=dict)  # by callee's last name
    decorators: set[str] = field(default_factory=set)  # last names of decorators used
    annotations: dict[cst.CSTNode, cst.Annotation] = field(default_factory=dict)  # value -> ann.
    # ``app.config["X"] = v`` by item key (:func:`scanner.flow.item_key`), in source order,
    # with the function it is written in (None at module level)
    items: dict[str, list[tuple[FunctionInfo | None, cst.BaseExpression]]] = field(
        default_factory=dict
    )
    # ``app[SESSION] = v``: stores on an application under a key object (aiohttp ``AppKey``)
    # by the key's last name, with the target (see :mod:`scanner.app_state`)
    keyed: dict[str, list[tuple[cst.Subscript, cst.BaseExpression]]] = field(default_factory=dict)
    tracked: set[str] = field(default_factory=set)  # module names and items assigned again
    reaching: Reaching | None = None  # filled by the evaluator when first needed
    ends: dict[str, tuple[Candidate, ...]] | None = None  # the same, at the module's end
    body: Sequence[cst.BaseStatement] = ()  # the module's statements, for :mod:`scanner.flow`


def build_index(module: cst.Module) -> ModuleIndex:
    builder = _IndexBuilder()
    walk(module, [builder])
    builder.index.body = module.body
    return builder.index


class _IndexBuilder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.index = ModuleIndex()
        self._functions: list[FunctionInfo] = []
        self._classes: list[ClassInfo] = []

    # -- scopes ----------------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        info = ClassInfo(node, [a.value for a in node.bases])
        if self._classes and not self._functions:
            self._classes[-1].inner[node.name.value] = info
        elif not self._functions:
            self.index.classes[node.name.value] = info
        else:
            self._functions[-1].bound.add(node.name.value)
        self._classes.append(info)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        owner = self._classes[-1] if self._classes else None
        parent = self._functions[-1] if self._functions else None
        info = FunctionInfo(node, owner=owner, parent=parent)
        params = node.params
        for param in [*params.posonly_params, *params.params, *params.kwonly_params]:
            info.params[param.name.value] = param
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                info.bound.add(star.name.value)
        self.index.function_of[node] = info
        for decorator in node.decorators:
            expr = decorator.decorator
            expr = expr.func if isinstance(expr, cst.Call) else expr
            if isinstance(expr, cst.Attribute | cst.Name):
                self.index.decorators.add(
                    expr.attr.value if isinstance(expr, cst.Attribute) else expr.value
                )
        if not self._functions and not self._classes:
            self.index.functions[node.name.value] = info
        elif self._functions:
            self._functions[-1].bound.add(node.name.value)
        self._functions.append(info)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def _note_scope(self, node: cst.CSTNode) -> None:
        if self._functions:
            self.index.scope_of[node] = self._functions[-1]
        if self._classes:
            self.index.class_of[node] = self._classes[-1]

    def visit_Name(self, node: cst.Name) -> None:
        self._note_scope(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._note_scope(node)

    def visit_Call(self, node: cst.Call) -> None:
        self._note_scope(node)
        func = node.func
        name = func.value if isinstance(func, cst.Name) else None
        name = func.attr.value if isinstance(func, cst.Attribute) else name
        if name is not None:
            self.index.calls.setdefault(name, []).append(node)

    # -- imports ---------------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = _dotted(alias.name)
            self.index.imported_roots.add(dotted.split(".", 1)[0])
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._import(alias.asname.name.value, ImportTarget(dotted, None))
            else:
                root = dotted.split(".", 1)[0]
                self._import(root, ImportTarget(root, None))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = _dotted(node.module) if node.module is not None else ""
        level = len(node.relative)
        if level == 0 and module:
            self.index.imported_roots.add(module.split(".", 1)[0])
        if isinstance(node.names, cst.ImportStar):
            if not self._functions and not self._classes:  # elsewhere a SyntaxError
                self.index.star_imports.append(ImportTarget(module, None, level))
            return
        for alias in node.names:
            name = _dotted(alias.name)
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self._import(local, ImportTarget(module, name, level))

    def _import(self, local: str, target: ImportTarget) -> None:
        self.index.imports[local] = target
        scope = self._functions[-1] if self._functions else self.index
        choices = scope.import_choices.setdefault(local, [])
        if target not in choices:
            choices.append(target)

    # -- bindings --------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self._classes and not self._functions and isinstance(node.target, cst.Name):
            self._classes[-1].annotated[node.target.value] = node.annotation
            self._classes[-1].body[node.target.value] = node.value
            return
        if node.value is not None:
            self.index.annotations[node.value] = node.annotation
            self._bind(node.target, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, node.item)

    def visit_For(self, node: cst.For) -> None:
        self._bound(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bound(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        target = node.target
        if isinstance(target, cst.Name):  # ``url += "/x"`` after ``url = ...``: follow it
            scope = self._functions[-1] if self._functions else None
            if target.value in (scope.locals if scope else self.index.assigns):
                (scope or self.index).tracked.add(target.value)
        self._bound(target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bound(node.target)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bound(node.name.name)

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.index.bound.add(item.name.value)
            if self._functions:
                self._functions[-1].globals.add(item.name.value)

    def _bound(self, target: cst.BaseExpression) -> None:
        """Names bound other than by a simple assignment: known to exist, value not kept."""
        if isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._bound(element.value)
        elif isinstance(target, cst.Name):
            (self._functions[-1].bound if self._functions else self.index.bound).add(target.value)

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self._bind_name(target.value, value)
        elif isinstance(target, cst.Tuple | cst.List):
            pairs = unpacked(target, value)
            if pairs is None:
                self._bound(target)
            for element, item in pairs or ():  # ``user, db = "postgres", "orders"``
                self._bind(element, item)
        elif isinstance(target, cst.Subscript):
            self._bind_item(target, value)
        elif isinstance(target, cst.Attribute):
            self.index.attr_assigns.setdefault(target.attr.value, []).append(value)
            is_self = isinstance(target.value, cst.Name) and target.value.value == "self"
            if is_self and self._functions and self._functions[-1].owner is not None:
                self._functions[-1].owner.self_attrs[target.attr.value] = value

    def _bind_item(self, target: cst.Subscript, value: cst.BaseExpression) -> None:
        """``app.config["X"] = v``: kept under its key, with the function it is written in."""
        key = item_key(target)
        if self._classes and not self._functions:
            return
        if key is None:
            named = app_key_name(target)
            if named is not None:
                self.index.keyed.setdefault(named, []).append((target, value))
            return
        scope = self._functions[-1] if self._functions else None
        (scope or self.index).tracked.add(key)  # a read before the store must not see it
        self.index.items.setdefault(key, []).append((scope, value))

    def _bind_name(self, name: str, value: cst.BaseExpression) -> None:
        if self._functions and name in self._functions[-1].globals:
            self._bind_global(name, value)
        elif self._functions:
            function = self._functions[-1]
            if name in function.locals or name in function.params:
                function.tracked.add(name)
            function.locals[name] = value
        elif self._classes:
            self._classes[-1].body[name] = value
        else:
            if name in self.index.assigns:
                self.index.tracked.add(name)
            self._bind_global(name, value)

    def _bind_global(self, name: str, value: cst.BaseExpression) -> None:
        """A module-level binding, also from a function declaring the name ``global`` (a
        FastAPI startup hook or ``main()`` creating the module's client): the ``None``
        placeholder (``producer = None``) never hides the client, wherever it is written."""
        if not _is_none(value) or _is_none(self.index.assigns.get(name, value)):
            self.index.assigns[name] = value


def app_key_name(target: cst.Subscript) -> str | None:
    """``KEY`` in ``app[KEY]`` / ``request.app[keys.KEY]``: the last name of a key object
    on a receiver named ``app``/``application``/``config_dict``; else None."""
    receiver = target.value
    name = receiver.value if isinstance(receiver, cst.Name) else None
    name = receiver.attr.value if isinstance(receiver, cst.Attribute) else name
    if name not in ("app", "application", "config_dict") or len(target.slice) != 1:
        return None
    index = target.slice[0].slice
    key = index.value if isinstance(index, cst.Index) else None
    if isinstance(key, cst.Attribute):
        return key.attr.value
    return key.value if isinstance(key, cst.Name) else None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""
