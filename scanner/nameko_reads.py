"""Reads of nameko's config in code, as references to the variables that
:mod:`scanner.config.nameko` fills from the service's config file.

Recognises ``config.get("KEY"[, default])`` and ``config["KEY"]`` on ``from nameko import
config`` (nameko 3), on ``self.container.config`` / ``container.config`` (nameko 2 dependency
providers and entrypoints) and on a ``Config()`` dependency (``nameko.dependency_providers``)
read through its attribute (``self.settings["KEY"]``); subscripts name nested settings
(``config["DB_URIS"]["orders:Base"]``). Keys may be constants the evaluator follows.
Deliberately ignores every other mapping called ``config``, chained ``.get(...).get(...)``
and files that do not import nameko.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from scanner.config.nameko import config_variable
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext
from scanner.values import Value

NAMEKO_CONFIG = frozenset({"nameko.config"})
CONFIG_PROVIDERS = frozenset({"nameko.dependency_providers.Config"})


@dataclass(frozen=True)
class ConfigRead:
    """``config[k1][k2]`` or ``config[k1].get(k2, default)``: the key expressions in order."""

    keys: tuple[cst.BaseExpression, ...]
    default: cst.BaseExpression | None
    hint: str  # the read's source text, for an unknown key

    def value(self, evaluate: Callable[[cst.BaseExpression], Value]) -> Value:
        """The reference to the setting (its default the one the code gives)."""
        keys = [evaluate(key).text for key in self.keys]
        texts = [key for key in keys if key is not None]
        if len(texts) != len(keys):
            return Value.unknown(self.hint)
        default = evaluate(self.default) if self.default is not None else None
        return Value.env(config_variable(texts), default)


def config_read(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression) -> ConfigRead | None:
    """The nameko config read ``node`` is, if it is one."""
    if "nameko" not in ctx.index.imported_roots:
        return None
    if isinstance(node, cst.Subscript):
        key = _index(node)
        keys = _keys(ev, ctx, node.value) if key is not None else None
        if keys is None or key is None:
            return None
        return ConfigRead((*keys, key), None, ctx.code(node))
    if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
        return None
    positional = [a.value for a in node.args if a.keyword is None and not a.star]
    if node.func.attr.value != "get" or not positional:
        return None
    keys = _keys(ev, ctx, node.func.value)
    if keys is None:
        return None
    default = positional[1] if len(positional) > 1 else None
    return ConfigRead((*keys, positional[0]), default, ctx.code(node))


def _keys(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression
) -> tuple[cst.BaseExpression, ...] | None:
    """The keys leading from nameko's config to ``node`` (none for the config itself)."""
    if _is_config(ev, ctx, node):
        return ()
    if isinstance(node, cst.Subscript):
        key = _index(node)
        outer = _keys(ev, ctx, node.value) if key is not None else None
        return (*outer, key) if outer is not None and key is not None else None
    return None


def _is_config(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name | cst.Attribute) and ctx.qualified_names(node) & NAMEKO_CONFIG:
        return True
    if not isinstance(node, cst.Attribute):
        return False
    owner = node.value
    if node.attr.value == "config" and isinstance(owner, cst.Attribute | cst.Name):
        last = owner.attr.value if isinstance(owner, cst.Attribute) else owner.value
        if last == "container":
            return True
    made = ev.origin(ctx, node)  # a ``Config()`` dependency, whatever its attribute's name
    return made is not None and bool(made[0].qualified_names(made[1].func) & CONFIG_PROVIDERS)


def _index(node: cst.Subscript) -> cst.BaseExpression | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return node.slice[0].slice.value
