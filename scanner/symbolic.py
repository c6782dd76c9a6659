"""Building a :class:`~scanner.values.Value` from an expression, following bindings with
:class:`~scanner.evaluate.Evaluator`.

Recognised shapes are listed in :mod:`scanner.evaluate`; this module holds the string and
environment rules, the evaluator holds the name rules.
"""

from __future__ import annotations

import re

import libcst as cst

from scanner.app_state import app_item
from scanner.arguments import Frame, argument_of, calling, frame_of, unwound
from scanner.assigned import (
    bound_to,
    item_candidates,
    module_end_candidates,
    name_candidates,
    scope_at,
)
from scanner.bindings import Binding, ClassRef, Expr, FuncRef, Instance, ModuleRef, Param
from scanner.conditions import choose
from scanner.derived_fields import derived_values
from scanner.evaluate import GETENV, MAX_DEPTH, Evaluator, is_property
from scanner.flask_config import config_setting, flask_config_read
from scanner.flow import Candidate
from scanner.index import ClassInfo, FunctionInfo
from scanner.injected_settings import param_object, passed_object
from scanner.modules import ModuleContext
from scanner.nameko_reads import config_read
from scanner.path_values import PATH_JOINS, PATH_MAKERS, looks_like_path, path_join
from scanner.string_calls import string_method
from scanner.url_builders import built_url
from scanner.values import Choice, EnvRef, Value, join

URLJOIN = frozenset({"urllib.parse.urljoin", "urlparse.urljoin", "requests.compat.urljoin"})
MAX_CHOICES = 8  # callers passing more distinct values than this: the value is unknown
DJANGO_SETTINGS = frozenset({"django.conf.settings"})


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
    if isinstance(node, cst.Subscript):
        return _subscript(ev, ctx, node, depth)
    if isinstance(node, cst.Call):
        return _call(ev, ctx, node, depth)
    if isinstance(node, cst.Name | cst.Attribute):
        return _named(ev, ctx, node, depth)
    return Value.unknown(ctx.code(node))


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


def _flask_setting(
    ev: Evaluator,
    ctx: ModuleContext,
    node: cst.BaseExpression,
    read: tuple[str, cst.BaseExpression | None],
    depth: int,
) -> Value:
    """A Flask config key set in another module (the default given, else unknown)."""
    key, default = read
    found = config_setting(ev, ctx, key)
    if found is not None:
        return value_of(ev, found.ctx, found.node, depth + 1)
    return value_of(ev, ctx, default, depth + 1) if default else Value.unknown(ctx.code(node))


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


def _items_value(ev: Evaluator, items: list[Expr], depth: int) -> Value | None:
    """The value of one item, or the choice of several when every one is known."""
    values: dict[str, Value] = {}
    for item in items:
        value = value_of(ev, item.ctx, item.node, depth + 1)
        values.setdefault(value.render(), value)
    if len(items) > 1 and any(v.is_unknown for v in values.values()):
        return None
    return _choice(values)


def _subscript_items(
    ev: Evaluator, ctx: ModuleContext, node: cst.Subscript, depth: int
) -> list[Expr] | None:
    """``CONFIG["db"]["url"]``: see :func:`_dict_items`."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return _dict_items(ev, ctx, node.value, node.slice[0].slice.value, depth)


def _dict_get(ev: Evaluator, ctx: ModuleContext, node: cst.Call, depth: int) -> Value | None:
    """``SERVICES.get(name)`` / ``.get(name, default)`` on a dict literal: as an item, the
    default standing for a missing key (and, with a run-time key, one more choice)."""
    func, args = node.func, [a.value for a in node.args]
    if not isinstance(func, cst.Attribute) or not 1 <= len(args) <= 2:
        return None
    if any(a.keyword is not None or a.star for a in node.args):
        return None
    found = _dict_items(ev, ctx, func.value, args[0], depth)
    if found is None:
        return None
    default = args[1] if len(args) > 1 and not _is_none(args[1]) else None
    known = value_of(ev, ctx, args[0], depth + 1).text is not None
    if default is not None and (not found or not known):
        found = [*found, Expr(ctx, default)]
    return _items_value(ev, found, depth) if found else None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _dict_items(
    ev: Evaluator,
    ctx: ModuleContext,
    container: cst.BaseExpression,
    key_node: cst.BaseExpression,
    depth: int,
) -> list[Expr] | None:
    """``CONFIG["db"]["url"]`` read from the dict literals ``CONFIG`` is bound to (None when
    it is bound to none, empty when none has the key). A key known only at run time
    (``SERVICES[name]``, a gateway's registry) gives every value of the literal: at most
    :data:`MAX_CHOICES`, else None."""
    if depth > MAX_DEPTH:
        return None
    dicts = _dicts(ev, ctx, container, depth + 1)
    if not dicts:
        return None
    key = value_of(ev, ctx, key_node, depth + 1).text
    found: list[Expr] = []
    for target in dicts:
        assert isinstance(target.node, cst.Dict)
        keyed = [e for e in target.node.elements if isinstance(e, cst.DictElement)]
        if key is None and len(keyed) < len(target.node.elements):
            return None  # ``{**defaults, ...}``: not every value is in sight
        for element in keyed:
            if key is None or value_of(ev, target.ctx, element.key, depth + 1).text == key:
                found.append(Expr(target.ctx, element.value))
                if key is not None:
                    break  # the first matching key, as before (later duplicates ignored)
        if len(found) > MAX_CHOICES:
            return None
    return found


def _dicts(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression, depth: int
) -> list[Expr] | None:
    """The dict literals ``node`` may stand for: one it is bound to, or, for an item of a
    dict (``ROUTES[name]``), every dict literal the item may be."""
    if isinstance(node, cst.Dict):
        return [Expr(ctx, node)]
    if isinstance(node, cst.Subscript):
        items = _subscript_items(ev, ctx, node, depth + 1)
        if items:
            found: list[Expr] = []
            for item in items:
                inner = _dicts(ev, item.ctx, item.node, depth + 1)
                if inner is None:
                    return None
                found += inner
            return found
    bound = ev.resolve(ctx, node, depth + 1)
    if not isinstance(bound, Expr) or bound.node is node or depth > MAX_DEPTH:
        return None
    if isinstance(bound.node, cst.Dict | cst.Subscript):
        return _dicts(ev, bound.ctx, bound.node, depth + 1)
    return None


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
        returned = _returned(ev, callee, frame_of(ctx, node, callee), depth)
        if returned is not None:
            return returned
    return Value.unknown(ctx.code(node))


def _returned(ev: Evaluator, callee: FuncRef, frame: Frame | None, depth: int) -> Value | None:
    """What a function (called with ``frame``'s arguments) returns: its one returned value,
    or a choice of several (a guard's ``return "sqlite://"`` before the real one, a config
    factory's branches); None when it returns nothing to follow, more than
    :data:`MAX_CHOICES` values, or only unknown ones."""
    returns = ev.returns(callee)
    if not returns or len(returns) > MAX_CHOICES:
        return None
    if len(returns) > 1 and depth >= MAX_DEPTH // 2:
        return None  # choices of choices: bounded as for parameters
    values: dict[str, Value] = {}
    with calling(ev.frames, frame):
        for returned in returns:
            value = value_of(ev, returned.ctx, returned.node, depth + 1)
            values.setdefault(value.render(), value)
    if len(returns) > 1 and all(v.is_unknown for v in values.values()):
        return None
    return _choice(values)


def _choice(values: dict[str, Value]) -> Value:
    """Distinct values (by rendering) as one value: the one, else a choice; a ``None``
    among others is no address (``url = None`` then ``if ...: url = ...``). An option that
    holds a choice itself is expanded into its own options: assembly expands one level."""
    if len(values) > 1:
        values.pop("{None}", None)
    if len(values) == 1:
        return next(iter(values.values()))
    options: dict[str, Value] = {}
    for value in values.values():
        nested = any(isinstance(p, Choice) for p in value.parts)
        for option in value.expand() if nested else [value]:
            options.setdefault(option.render(), option)
    return Value((Choice(tuple(options.values())),))


def _settings_getattr(
    ev: Evaluator, ctx: ModuleContext, args: list[cst.Arg], depth: int
) -> Value | None:
    """``getattr(settings, "NAME", default)`` on Django's settings: the setting, else the
    default (what Django code writes for an optional setting)."""
    if not ctx.qualified_names(args[0].value) & DJANGO_SETTINGS:
        return None
    name = value_of(ev, ctx, args[1].value, depth + 1).text
    if not name or not name.isidentifier():
        return None
    setting = ev.django_setting(ctx, name)
    if setting is not None:
        return value_of(ev, setting.ctx, setting.node, depth + 1)
    return value_of(ev, ctx, args[2].value, depth + 1) if len(args) > 2 else None


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


def _is_env_reader(ev: Evaluator, ctx: ModuleContext, node: cst.Call) -> bool:
    """``env("X")`` / ``env.str("X")`` where ``env = environs.Env()`` or ``environ.Env()``."""
    receiver = node.func.value if isinstance(node.func, cst.Attribute) else node.func
    made = ev.origin(ctx, receiver)
    return made is not None and bool(
        made[0].qualified_names(made[1].func)
        & {"environs.Env", "environ.Env", "environ.environ.Env"}
    )


def _getenv(ev: Evaluator, ctx: ModuleContext, node: cst.Call, depth: int) -> Value:
    positional = [a.value for a in node.args if a.keyword is None]
    keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    name_node = positional[0] if positional else keywords.get("key")
    if name_node is None:
        return Value.unknown(ctx.code(node))
    name = value_of(ev, ctx, name_node, depth + 1).text
    if name is None:
        return Value.unknown(ctx.code(node))
    default_node = positional[1] if len(positional) > 1 else keywords.get("default")
    default = None if default_node is None else value_of(ev, ctx, default_node, depth + 1)
    if (
        default_node is not None
        and isinstance(default_node, cst.Name)
        and default_node.value == "None"
    ):
        default = None
    return Value.env(name, default)


def _named(ev: Evaluator, ctx: ModuleContext, node: cst.Name | cst.Attribute, depth: int) -> Value:
    if isinstance(node, cst.Name) and (near := name_candidates(ctx.index, node)):
        return _assigned(ev, ctx, node, near, scope_at(ctx.index, node), depth)
    if isinstance(node, cst.Attribute) and ctx.qualified_names(node.value) & DJANGO_SETTINGS:
        setting = ev.django_setting(ctx, node.attr.value)
        if setting is not None:
            return value_of(ev, setting.ctx, setting.node, depth + 1)
    if isinstance(node, cst.Attribute):
        owner = ev.resolve(ctx, node.value, depth + 1)
        if isinstance(owner, Param) and depth < MAX_DEPTH // 2:  # ``settings.redis_url``
            held = param_object(ev, owner, depth) or passed_object(ev, owner, depth)
            value = _member_value(ev, held, node.attr.value, depth) if held else None
            if value is not None and not value.is_unknown:
                return value
        if isinstance(owner, Instance | ClassRef) and ev.is_settings(owner.ctx, owner.info):
            field = settings_field(ev, owner.ctx, owner.info, node.attr.value, depth)
            if field is not None:
                return field
        if isinstance(owner, Expr) and isinstance(owner.node, cst.Call | cst.Subscript):
            chosen = _on_each(ev, owner, node.attr.value, depth)
            if chosen is not None:
                return chosen
    bound = _bound_to(ev, ctx, node, depth)
    if isinstance(bound, Expr) and isinstance(bound.node, cst.Call):  # with its own arguments
        return value_of(ev, bound.ctx, bound.node, depth + 1)
    found = ev.resolve(ctx, node, depth + 1)
    if isinstance(found, Expr) and found.node is not node:
        ended = _module_end(ctx, node, found)
        if ended:
            return _assigned(ev, found.ctx, node, ended, None, depth)  # module level
        return value_of(ev, found.ctx, found.node, depth + 1)
    if isinstance(found, Param):
        return _parameter(ev, ctx, node, found, depth)
    if isinstance(found, FuncRef) and isinstance(node, cst.Attribute):
        computed = _returned(ev, found, None, depth) if is_property(found.info.node) else None
        if computed is not None:  # a property with several returns: not one object
            return computed
    return Value.unknown(ctx.code(node))


def _on_each(ev: Evaluator, owner: Expr, attr: str, depth: int) -> Value | None:
    """``get_config().HOST`` where ``get_config`` returns one of several classes (or
    instances), or ``configs[env].HOST`` over a dict literal of them: the attribute of
    each, one value when they agree, else a choice."""
    each: list[Expr] = []
    if depth >= MAX_DEPTH // 2:
        return None
    if isinstance(owner.node, cst.Call):  # one return: the evaluator already follows it
        each = ev.returns(ev.resolve(owner.ctx, owner.node.func, depth + 1))
        each = each if len(each) > 1 else []
    elif isinstance(owner.node, cst.Subscript):
        each = _subscript_items(ev, owner.ctx, owner.node, depth + 1) or []
    if not each or len(each) > MAX_CHOICES:
        return None
    values: dict[str, Value] = {}
    for one in each:
        found = ev.resolve(one.ctx, one.node, depth + 1)
        value = _member_value(ev, found, attr, depth) if found is not None else None
        if value is None:
            return None
        values.setdefault(value.render(), value)
    if all(v.is_unknown for v in values.values()):
        return None
    return _choice(values)


def _member_value(ev: Evaluator, owner: Binding, attr: str, depth: int) -> Value | None:
    """``owner.attr`` for a class or an instance the evaluator found; None otherwise."""
    if not isinstance(owner, Instance | ClassRef):
        return None
    if ev.is_settings(owner.ctx, owner.info):
        return settings_field(ev, owner.ctx, owner.info, attr, depth)
    found = ev.member(owner, attr, depth + 1)
    if isinstance(found, Expr):
        return value_of(ev, found.ctx, found.node, depth + 1)
    if isinstance(found, FuncRef) and is_property(found.info.node):
        return _returned(ev, found, None, depth)
    return None


def _module_end(
    ctx: ModuleContext, node: cst.Name | cst.Attribute, found: Expr
) -> tuple[Candidate, ...]:
    """The assignments of a module-level name that may hold once its module has run, when
    the read sees the module after that (from another module, or inside a function) and
    the module assigns the name more than once (``HOST = getenv(...)`` then ``if not
    HOST: HOST = "localhost"``); empty when the last assignment is the answer."""
    if found.ctx is ctx and scope_at(ctx.index, node) is None:
        return ()  # a read at module level sees the assignments above it (own scope)
    index = found.ctx.index
    name = node.attr.value if isinstance(node, cst.Attribute) else node.value
    if index.assigns.get(name) is not found.node:
        return ()
    ended = module_end_candidates(index, name)
    return ended if len(ended) > 1 else ()


def _parameter(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression, found: Param, depth: int
) -> Value:
    """What this call passes for a parameter, else what every caller passes (a choice)."""
    given = argument_of(ev.frames, found)
    if given is not None:
        with unwound(ev.frames, given[0]):
            return value_of(ev, given[1].ctx, given[1].node, depth + 1)
    if depth < MAX_DEPTH // 2:
        values = {}
        for site in ev.call_site_args(found):
            value = value_of(ev, site.ctx, site.node, depth + 2)
            values[value.render()] = value
        if len(values) == 1:
            return next(iter(values.values()))
        if 1 < len(values) <= MAX_CHOICES:
            return Value((Choice(tuple(values[k] for k in sorted(values))),))
    return Value.unknown(ctx.code(node))


def _assigned(
    ev: Evaluator,
    ctx: ModuleContext,
    node: cst.Name | cst.Attribute | cst.Subscript,
    found: tuple[Candidate, ...],
    scope: FunctionInfo | None,
    depth: int,
) -> Value:
    """A name or item reassigned in ``scope`` (None: the module's top level): the
    assignments that reach this read (see :mod:`scanner.flow`), one value, or a choice when
    branches leave several."""
    values: dict[str, Value] = {}
    for candidate in found[-MAX_CHOICES:]:
        binding = bound_to(ctx, scope, candidate)
        if isinstance(candidate, cst.AugAssign) and isinstance(candidate.operator, cst.AddAssign):
            before = value_of(ev, ctx, candidate.target, depth + 1)  # ``url += "/x"``
            value = before + value_of(ev, ctx, candidate.value, depth + 1)
        elif isinstance(binding, Param):
            value = _parameter(ev, ctx, node, binding, depth + 1)
        elif isinstance(binding, Expr):
            value = value_of(ev, ctx, binding.node, depth + 1)
        else:
            value = Value.unknown(ctx.code(node))
        values.setdefault(value.render(), value)
    return _choice(values)


def _bound_to(
    ev: Evaluator, ctx: ModuleContext, node: cst.Name | cst.Attribute, depth: int
) -> Binding | None:
    """The expression a name (or a module's attribute) is assigned, not followed further:
    ``TOPIC = get_env("TOPIC", "orders")`` is evaluated as that call, with its arguments,
    rather than as whatever ``get_env`` returns for every caller."""
    if isinstance(node, cst.Name):
        return ev.lookup(ctx, node.value, node, depth + 1)
    owner = ev.resolve(ctx, node.value, depth + 1)
    return (
        ev.module_name(owner.ctx, node.attr.value, depth + 1)
        if isinstance(owner, ModuleRef)
        else None
    )


def settings_field(
    ev: Evaluator, ctx: ModuleContext, info: ClassInfo, attr: str, depth: int
) -> Value | None:
    """A pydantic-settings field: env var ``PREFIX + NAME`` (or its alias) with its default;
    what the class assigns it at construction, when it does (:mod:`scanner.derived_fields`)."""
    derived = derived_values(ev, ctx, info, attr, lambda e: value_of(ev, e.ctx, e.node, depth + 1))
    if derived:
        return _choice({v.render(): v for v in derived[-MAX_CHOICES:]})
    for klass, kctx in ev.mro(ctx, info):
        prop = ev.property_method(kctx, klass, attr)
        computed = _returned(ev, prop, None, depth) if prop is not None else None
        if computed is not None:
            return computed
        if attr not in klass.body and attr not in klass.annotated:
            continue
        raw = klass.body.get(attr)
        env_name = (_env_prefix(ev, kctx, klass) + attr).upper()
        default: Value | None = None
        if isinstance(raw, cst.Call) and kctx.qualified_names(raw.func) & {
            "pydantic.Field",
            "pydantic.fields.Field",
        }:
            env_name, default = _field_call(ev, kctx, raw, env_name, depth)
        elif raw is not None:
            default = value_of(ev, kctx, raw, depth + 1)
        return Value.env(env_name, default)
    return None


def _field_call(
    ev: Evaluator, ctx: ModuleContext, call: cst.Call, env_name: str, depth: int
) -> tuple[str, Value | None]:
    default: Value | None = None
    for arg in call.args:
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword in (None, "default") and default is None:
            default = value_of(ev, ctx, arg.value, depth + 1)
        elif keyword in ("alias", "validation_alias", "env"):
            alias = value_of(ev, ctx, arg.value, depth + 1).text
            env_name = alias.upper() if alias else env_name
    if default is not None and default.text == "...":
        default = None
    return env_name, default


def _env_prefix(ev: Evaluator, ctx: ModuleContext, info: ClassInfo) -> str:
    config = info.body.get("model_config")
    if isinstance(config, cst.Call):
        for arg in config.args:
            if arg.keyword is not None and arg.keyword.value == "env_prefix":
                return value_of(ev, ctx, arg.value).text or ""
    inner = info.inner.get("Config")
    if inner is not None and inner.body.get("env_prefix") is not None:
        node = inner.body["env_prefix"]
        assert node is not None
        return value_of(ev, ctx, node).text or ""
    return ""


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
