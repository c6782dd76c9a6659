"""Building a :class:`~scanner.values.Value` from an expression, following bindings with
:class:`~scanner.evaluate.Evaluator`.

Recognised shapes are listed in :mod:`scanner.evaluate`; this module holds the string rules
and the dispatch, the evaluator holds the name rules. The other value rules are apart:
items of dict literals in :mod:`scanner.dict_items`, environment and settings reads in
:mod:`scanner.settings_values`, names, parameters and attributes in
:mod:`scanner.named_values`, what a called function returns in :mod:`scanner.returned_values`.
"""

from __future__ import annotations

import re

import libcst as cst

from scanner.app_state import app_item
from scanner.arguments import frame_of
from scanner.assigned import item_candidates, scope_at
from scanner.bindings import Expr, FuncRef
from scanner.conditions import choose
from scanner.dict_items import _dict_get, _items_value, _subscript_items
from scanner.evaluate import GETENV, MAX_DEPTH, Evaluator
from scanner.flask_config import flask_config_read
from scanner.index import ClassInfo
from scanner.modules import ModuleContext
from scanner.named_values import _assigned, _named
from scanner.nameko_reads import config_read
from scanner.path_values import PATH_JOINS, PATH_MAKERS, looks_like_path, path_join
from scanner.returned_values import returned_value
from scanner.settings_validators import validated_field
from scanner.settings_values import (
    _flask_setting,
    _getenv,
    _is_env_reader,
    _settings_getattr,
    settings_field,
)
from scanner.string_calls import string_method
from scanner.url_builders import built_url
from scanner.values import EnvRef, Value, join

URLJOIN = frozenset({"urllib.parse.urljoin", "urlparse.urljoin", "requests.compat.urljoin"})


def value_of(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression, depth: int = 0) -> Value:
    """The symbolic value of ``node`` as written in ``ctx``."""
    if depth > MAX_DEPTH:
        return Value.unknown(ctx.code(node))
    literal = _literal(ctx, node)
    if literal is not None:
        return literal
    if isinstance(node, cst.FormattedString):
        return _fstring(ev, ctx, node, depth)
    if isinstance(node, cst.ConcatenatedString):  # ``f"...@" f"{host}/db"``: no literal value
        return _concatenated(ev, ctx, node, depth)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return value_of(ev, ctx, node.left, depth + 1) + value_of(ev, ctx, node.right, depth + 1)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        return _percent(ev, ctx, node, depth)
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        return _or(ev, ctx, node, depth)
    if isinstance(node, cst.IfExp):
        return choose(ctx, node, lambda n: value_of(ev, ctx, n, depth + 1))
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        return _divide(ev, ctx, node, depth)
    if isinstance(node, cst.Subscript | cst.Call) and (read := config_read(ev, ctx, node)):
        return read.value(lambda key: value_of(ev, ctx, key, depth + 1))  # nameko config
    if isinstance(node, cst.Subscript | cst.Call) and (flask := flask_config_read(ctx, node)):
        return _flask_setting(ev, ctx, node, flask, depth)
    if isinstance(node, cst.Subscript | cst.Call) and (other := validated_field(ev, ctx, node)):
        found = _validated_field(ev, ctx, other, depth)  # ``values.get("HOST")`` in a validator
        if found is not None:
            return found
    if isinstance(node, cst.Subscript):
        return _subscript(ev, ctx, node, depth)
    if isinstance(node, cst.Call):
        return _call(ev, ctx, node, depth)
    if isinstance(node, cst.Name | cst.Attribute):
        return _named(ev, ctx, node, depth)
    return Value.unknown(ctx.code(node))


def _validated_field(
    ev: Evaluator,
    ctx: ModuleContext,
    read: tuple[ModuleContext, ClassInfo, cst.BaseExpression],
    depth: int,
) -> Value | None:
    """Another field of the settings class a validator reads (see
    :mod:`scanner.settings_validators`)."""
    owner_ctx, owner, key_node = read
    key = value_of(ev, ctx, key_node, depth + 1).text
    return settings_field(ev, owner_ctx, owner, key, depth + 1) if key else None


def _literal(ctx: ModuleContext, node: cst.BaseExpression) -> Value | None:
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        raw = node.evaluated_value
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", "replace")
        return Value.of(raw) if raw is not None else None
    if isinstance(node, cst.Integer | cst.Float):
        return Value.of(node.value)
    return None


def _fstring(ev: Evaluator, ctx: ModuleContext, node: cst.FormattedString, depth: int) -> Value:
    out = Value()
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            out = out + Value.of(part.value.replace("{{", "{").replace("}}", "}"))
        elif isinstance(part, cst.FormattedStringExpression):
            out = out + value_of(ev, ctx, part.expression, depth + 1)
    return out


def _concatenated(
    ev: Evaluator, ctx: ModuleContext, node: cst.ConcatenatedString, depth: int
) -> Value:
    """Adjacent string literals, f-strings among them (the right side nests the rest)."""
    out = Value()
    part: cst.BaseExpression = node
    while isinstance(part, cst.ConcatenatedString):
        out = out + value_of(ev, ctx, part.left, depth + 1)
        part = part.right
    return out + value_of(ev, ctx, part, depth + 1)


def _or(ev: Evaluator, ctx: ModuleContext, node: cst.BooleanOperation, depth: int) -> Value:
    left = value_of(ev, ctx, node.left, depth + 1)
    right = value_of(ev, ctx, node.right, depth + 1)
    if len(left.parts) == 1 and isinstance(left.parts[0], EnvRef) and left.parts[0].default is None:
        return Value.env(left.parts[0].name, right)
    return left if not left.is_unknown else right


def _subscript(ev: Evaluator, ctx: ModuleContext, node: cst.Subscript, depth: int) -> Value:
    if "os.environ" in ctx.qualified_names(node.value):
        key = _index_key(ev, ctx, node, depth)
        if key is not None:
            return Value.env(key)
    stored = item_candidates(ctx, node)  # ``app.config["X"] = ...`` earlier
    if stored:
        return _assigned(ev, ctx, node, stored, scope_at(ctx.index, node), depth)
    kept = app_item(ev, ctx, node)  # ``request.app["db_url"]`` stored by a start-up hook
    if kept is not None:
        return value_of(ev, kept.ctx, kept.node, depth + 1)
    found = _subscript_items(ev, ctx, node, depth)
    chosen = _items_value(ev, found, depth) if found else None
    return chosen if chosen is not None else Value.unknown(ctx.code(node))


def _index_key(ev: Evaluator, ctx: ModuleContext, node: cst.Subscript, depth: int) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return value_of(ev, ctx, node.slice[0].slice.value, depth + 1).text


def _call(ev: Evaluator, ctx: ModuleContext, node: cst.Call, depth: int) -> Value:
    names = ctx.qualified_names(node.func)
    args = [a for a in node.args if a.keyword is None and a.star == ""]
    if names & GETENV or _is_env_reader(ev, ctx, node):
        return _getenv(ev, ctx, node, depth)
    if names & URLJOIN and len(args) >= 2:
        base = value_of(ev, ctx, args[0].value, depth + 1)
        return join(base, value_of(ev, ctx, args[1].value, depth + 1), "urljoin")
    built = built_url(names, node, lambda n: value_of(ev, ctx, n, depth + 1))
    if built is not None:  # ``URL.create(...)``, ``PostgresDsn.build(...)``
        return built
    if names & {"builtins.str"} and args:
        return value_of(ev, ctx, args[0].value, depth + 1)
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value == "get_secret_value" and not args:
        return value_of(ev, ctx, func.value, depth + 1)  # pydantic ``SecretStr``: the string
    if names & {"builtins.getattr"} and len(args) >= 2:
        found = _settings_getattr(ev, ctx, args, depth)
        if found is not None:
            return found
    if names & (PATH_JOINS | PATH_MAKERS) and args:
        return path_join(ctx, node, [value_of(ev, ctx, a.value, depth + 1) for a in args])
    method = string_method(node, lambda n: value_of(ev, ctx, n, depth + 1), ctx.code)
    if method is not None:
        return method
    if isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        item = _dict_get(ev, ctx, node, depth)
        if item is not None:
            return item
    callee = ev.resolve(ctx, node.func)
    if isinstance(callee, FuncRef):
        returned = returned_value(ev, callee, frame_of(ctx, node, callee), depth)
        if returned is not None:
            return returned
    return Value.unknown(ctx.code(node))


def _divide(ev: Evaluator, ctx: ModuleContext, node: cst.BinaryOperation, depth: int) -> Value:
    """``directory / "file.db"`` when the left side is a path (see :mod:`scanner.path_values`)."""
    found = ev.resolve(ctx, node.left, depth + 1)
    code = ctx.code(node.left) + (
        f" {found.ctx.code(found.node)}" if isinstance(found, Expr) else ""
    )
    if not isinstance(node.left, cst.BinaryOperation) and not looks_like_path(code):
        return Value.unknown(ctx.code(node))
    parts = [value_of(ev, ctx, node.left, depth + 1), value_of(ev, ctx, node.right, depth + 1)]
    return path_join(ctx, node, parts)


_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx%]")


def _percent(ev: Evaluator, ctx: ModuleContext, node: cst.BinaryOperation, depth: int) -> Value:
    """``"http://%s:%s/x" % (host, port)`` (positional or ``%(name)s`` with a dict literal)."""
    template = value_of(ev, ctx, node.left, depth + 1).text
    if template is None:
        return Value.unknown(ctx.code(node))
    right = node.right
    items = [e.value for e in right.elements] if isinstance(right, cst.Tuple) else [right]
    named = {}
    if isinstance(right, cst.Dict):
        for element in right.elements:
            if isinstance(element, cst.DictElement):
                key = value_of(ev, ctx, element.key, depth + 1).text
                if key is not None:
                    named[key] = element.value
    out, position, last = Value(), 0, 0
    for match in _PERCENT.finditer(template):
        out = out + Value.of(template[last : match.start()])
        last = match.end()
        if match.group(0) == "%%":
            out = out + Value.of("%")
            continue
        if match.group(1) is not None:
            item = named.get(match.group(1))
        else:
            item = items[position] if position < len(items) else None
            position += 1
        out = out + (value_of(ev, ctx, item, depth + 1) if item is not None else Value.unknown())
    return out + Value.of(template[last:])
