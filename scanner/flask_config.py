"""Reads of a Flask app's config in modules that never set it: ``current_app.config["KEY"]``
and ``current_app.config.get("KEY", default)`` in a blueprint, with the key set elsewhere.

Flask apps load their settings with ``app.config.from_object(...)`` from a config module of
classes (``BaseConfig``, ``ProductionConfig``, ...) or of module-level names, or store them
as ``app.config["KEY"] = ...`` in an app factory; views read them through ``current_app``.
This finds the key's assignments among the modules of the reader's source root: class
attributes of config classes (test classes such as ``TestingConfig`` left out), module-level
names of config or settings modules, and ``*.config["KEY"] = ...`` stores. One distinct
value is the answer; when classes disagree, the class the others derive from is (the base
configuration, usually the production one reading the environment); otherwise the read
stays unknown rather than guessed. The module's own stores before the read win and are
the evaluator's business (:func:`scanner.assigned.item_candidates`).
"""

from __future__ import annotations

import re

import libcst as cst

from scanner.assigned import item_candidates
from scanner.bindings import Expr
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext

_CONFIG_FILES = re.compile(r"(^|/)(config|settings|conf)[^/]*\.py$|/(config|settings)/")


def flask_config_read(
    ctx: ModuleContext, node: cst.BaseExpression
) -> tuple[str, cst.BaseExpression | None] | None:
    """(key, default) when ``node`` reads a Flask config key this module never stores."""
    if "flask" not in ctx.index.imported_roots:
        return None
    if isinstance(node, cst.Subscript):
        if not is_config(node.value) or item_candidates(ctx, node):
            return None
        index = node.slice[0].slice if len(node.slice) == 1 else None
        key = index.value if isinstance(index, cst.Index) else None
        default = None
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        if node.func.attr.value != "get" or not is_config(node.func.value):
            return None
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        key = positional[0] if positional else None
        default = positional[1] if len(positional) > 1 else None
    else:
        return None
    if not isinstance(key, cst.SimpleString):
        return None
    text = key.evaluated_value
    return (text, default) if isinstance(text, str) and text.isidentifier() else None


def config_setting(ev: Evaluator, ctx: ModuleContext, key: str) -> Expr | None:
    """The one assignment of config ``key`` the reader's source root gives (see the module
    docstring), None when there is none or they disagree."""
    pattern = rf"(?m)^\s*{key}\s*(:[^=\n]*)?=[^=]|\[\s*['\"]{key}['\"]\s*\]\s*="
    found: list[Expr] = []
    classes: list[tuple[str, ModuleContext, cst.ClassDef]] = []
    for other in ev.loader.related(ctx.path, pattern):
        index = other.index
        for name, info in index.classes.items():
            value = info.body.get(key)
            if value is not None and not is_test_class(name):
                found.append(Expr(other, value))
                classes.append((name, other, info.node))
        if key in index.assigns and _CONFIG_FILES.search(other.path):
            found.append(Expr(other, index.assigns[key]))
        for stored_key, stores in index.items.items():
            if stored_key.endswith(f".config[{key!r}]"):
                found += [Expr(other, value) for _, value in stores]
    distinct = {e.ctx.code(e.node): e for e in found}
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    base = _base_class(classes)
    if base is not None and len(classes) == len(found):
        return next(e for e, c in zip(found, classes, strict=True) if c[0] == base)
    return None


def _base_class(classes: list[tuple[str, ModuleContext, cst.ClassDef]]) -> str | None:
    """The one class of ``classes`` that every other one names among its bases."""
    names = {name for name, _, _ in classes}
    bases = {
        name: {ctx.code(b.value).rsplit(".", 1)[-1] for b in node.bases}
        for name, ctx, node in classes
    }
    roots = [n for n in names if all(n in bases[o] for o in names if o != n)]
    return roots[0] if len(roots) == 1 else None


def is_config(node: cst.BaseExpression) -> bool:
    """``current_app.config`` / ``app.config`` / ``self.app.config``."""
    return isinstance(node, cst.Attribute) and node.attr.value == "config"


def is_test_class(name: str) -> bool:
    return name.startswith("Test") or "Testing" in name
