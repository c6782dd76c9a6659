"""Items an application object holds: ``request.app["client_session"]`` read in a handler,
``app["client_session"] = ClientSession()`` stored in a start-up hook of another module.

aiohttp's documented way to share a client (or a pool, or a setting) is to store it in the
``web.Application`` from an ``on_startup``/``cleanup_ctx`` hook and read it back in handlers
through ``request.app[...]`` or ``request.config_dict[...]``; the hook usually takes the
application as a parameter and lives in its own module. A read whose receiver ends in
``app``/``application``/``config_dict`` with a string key is the one value every store of
that key on an ``app``/``application`` receiver writes, among the modules of the reader's
source root (one text search per key, only when the module itself stores nothing that
reaches the read: :func:`scanner.assigned.item_candidates`). Stores that disagree leave it
unknown. A key object (aiohttp's ``SESSION = web.AppKey("session", ClientSession)``, then
``app[SESSION]``) matches the stores under the same ``AppKey`` call, found through the
key's name. Starlette's ``app.state.X`` is an attribute, which the evaluator already maps to
the one expression assigned to ``X``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from scanner.bindings import Expr
from scanner.index import app_key_name

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator
    from scanner.modules import ModuleContext

READERS = frozenset({"app", "application", "config_dict"})
WRITERS = ("app", "application")


def app_item(ev: Evaluator, ctx: ModuleContext, node: cst.Subscript) -> Expr | None:
    """The one expression stored under ``node``'s key on an application object."""
    key = _read_key(node)
    if key is None:
        named = app_key_name(node)
        return _keyed(ev, ctx, node, named) if named is not None else None
    pattern = rf"\[\s*['\"]{re.escape(key)}['\"]\s*\]\s*=[^=]"
    spelled = [f"{w}[{key!r}]" for w in WRITERS]
    found: dict[str, Expr] = {}
    for other in ev.loader.related(ctx.path, pattern):
        for stored, stores in other.index.items.items():
            if any(stored == s or stored.endswith(f".{s}") for s in spelled):
                for _, value in stores:
                    found.setdefault(other.code(value), Expr(other, value))
    return next(iter(found.values())) if len(found) == 1 else None


def _keyed(ev: Evaluator, ctx: ModuleContext, node: cst.Subscript, name: str) -> Expr | None:
    """``request.app[SESSION]`` with ``SESSION = web.AppKey("session", ClientSession)``:
    the stores under a key that is the same ``AppKey`` object."""
    key = _key_object(ev, ctx, node)
    if key is None:
        return None
    pattern = rf"\[\s*(\w+\.)*{re.escape(name)}\s*\]\s*=[^=]"
    found: dict[str, Expr] = {}
    for other in ev.loader.related(ctx.path, pattern):
        for target, value in other.index.keyed.get(name, []):
            if _key_object(ev, other, target) is key:
                found.setdefault(other.code(value), Expr(other, value))
    return next(iter(found.values())) if len(found) == 1 else None


def _key_object(ev: Evaluator, ctx: ModuleContext, node: cst.Subscript) -> cst.Call | None:
    """The ``AppKey(...)`` call the key of ``node`` names."""
    index = node.slice[0].slice
    assert isinstance(index, cst.Index)
    found = ev.resolve(ctx, index.value)
    if not isinstance(found, Expr) or not isinstance(found.node, cst.Call):
        return None
    names = found.ctx.qualified_names(found.node.func)
    return found.node if any(n.rsplit(".", 1)[-1] == "AppKey" for n in names) else None


def _read_key(node: cst.Subscript) -> str | None:
    """The string key of ``app["k"]`` / ``request.app["k"]`` / ``request.config_dict["k"]``."""
    receiver = node.value
    name = receiver.value if isinstance(receiver, cst.Name) else None
    name = receiver.attr.value if isinstance(receiver, cst.Attribute) else name
    if name not in READERS or len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    if not isinstance(index, cst.Index) or not isinstance(index.value, cst.SimpleString):
        return None
    key = index.value.evaluated_value
    return key if isinstance(key, str) else None
