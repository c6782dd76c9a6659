"""Environment and settings reads as symbolic values: ``os.getenv``-like calls and
``environs``/``django-environ`` readers, pydantic-settings fields (prefix, alias, default),
Django's ``getattr(settings, ...)`` and Flask config keys set in another module.

Part of :mod:`scanner.symbolic`, whose :func:`~scanner.symbolic.value_of` is imported where
it is called (it dispatches to this module).
"""

from __future__ import annotations

import libcst as cst

from scanner.derived_fields import derived_values
from scanner.evaluate import MAX_DEPTH, Evaluator
from scanner.flask_config import config_setting
from scanner.index import ClassInfo
from scanner.modules import ModuleContext
from scanner.returned_values import MAX_CHOICES, choice_of, returned_value
from scanner.settings_validators import field_validator
from scanner.values import Value

DJANGO_SETTINGS = frozenset({"django.conf.settings"})


def _flask_setting(
    ev: Evaluator,
    ctx: ModuleContext,
    node: cst.BaseExpression,
    read: tuple[str, cst.BaseExpression | None],
    depth: int,
) -> Value:
    """A Flask config key set in another module (the default given, else unknown)."""
    from scanner.symbolic import value_of

    key, default = read
    found = config_setting(ev, ctx, key)
    if found is not None:
        return value_of(ev, found.ctx, found.node, depth + 1)
    return value_of(ev, ctx, default, depth + 1) if default else Value.unknown(ctx.code(node))


def _settings_getattr(
    ev: Evaluator, ctx: ModuleContext, args: list[cst.Arg], depth: int
) -> Value | None:
    """``getattr(settings, "NAME", default)`` on Django's settings: the setting, else the
    default (what Django code writes for an optional setting)."""
    from scanner.symbolic import value_of

    if not ctx.qualified_names(args[0].value) & DJANGO_SETTINGS:
        return None
    name = value_of(ev, ctx, args[1].value, depth + 1).text
    if not name or not name.isidentifier():
        return None
    settings = ev.django_setting(ctx, name)
    if settings:
        values = (value_of(ev, s.ctx, s.node, depth + 1) for s in settings)
        return choice_of({v.render(): v for v in values})
    return value_of(ev, ctx, args[2].value, depth + 1) if len(args) > 2 else None


def _is_env_reader(ev: Evaluator, ctx: ModuleContext, node: cst.Call) -> bool:
    """``env("X")`` / ``env.str("X")`` where ``env = environs.Env()`` or ``environ.Env()``."""
    receiver = node.func.value if isinstance(node.func, cst.Attribute) else node.func
    made = ev.origin(ctx, receiver)
    return made is not None and bool(
        made[0].qualified_names(made[1].func)
        & {"environs.Env", "environ.Env", "environ.environ.Env"}
    )


def _getenv(ev: Evaluator, ctx: ModuleContext, node: cst.Call, depth: int) -> Value:
    from scanner.symbolic import value_of

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


def settings_field(
    ev: Evaluator, ctx: ModuleContext, info: ClassInfo, attr: str, depth: int
) -> Value | None:
    """A pydantic-settings field: env var ``PREFIX + NAME`` (or its alias) with its default;
    what the class assigns it at construction, when it does (:mod:`scanner.derived_fields`)."""
    from scanner.symbolic import value_of

    derived = derived_values(ev, ctx, info, attr, lambda e: value_of(ev, e.ctx, e.node, depth + 1))
    if derived:
        return choice_of({v.render(): v for v in derived[-MAX_CHOICES:]})
    for klass, kctx in ev.mro(ctx, info):
        validated = field_validator(ev, kctx, klass, attr)
        if validated is None:
            continue
        returns, parameter = validated
        if not returns or depth > MAX_DEPTH // 2:
            break
        given = _field(ev, ctx, info, attr, depth)  # as the environment gives it
        values: dict[str, Value] = {}
        for found in returns[-MAX_CHOICES:]:
            own = isinstance(found.node, cst.Name) and found.node.value == parameter
            value = given if own and given else value_of(ev, found.ctx, found.node, depth + 1)
            values.setdefault(value.render(), value)
        return choice_of(values)
    return _field(ev, ctx, info, attr, depth)


def _field(
    ev: Evaluator, ctx: ModuleContext, info: ClassInfo, attr: str, depth: int
) -> Value | None:
    """The field as a property computes it or the environment gives it."""
    from scanner.symbolic import value_of

    for klass, kctx in ev.mro(ctx, info):
        prop = ev.property_method(kctx, klass, attr)
        computed = returned_value(ev, prop, None, depth) if prop is not None else None
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
        elif raw is not None and not (isinstance(raw, cst.Name) and raw.value == "None"):
            default = value_of(ev, kctx, raw, depth + 1)  # (a ``None`` default is no value)
        return Value.env(env_name, default)
    return None


def _field_call(
    ev: Evaluator, ctx: ModuleContext, call: cst.Call, env_name: str, depth: int
) -> tuple[str, Value | None]:
    from scanner.symbolic import value_of

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
    from scanner.symbolic import value_of

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
