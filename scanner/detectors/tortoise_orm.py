"""Databases of the Tortoise ORM, common in FastAPI services.

Tortoise is configured once, with a URL or a config dict: ``Tortoise.init(db_url=url,
modules=...)``, ``Tortoise.init(config=TORTOISE_ORM)`` and the web-framework helpers
``register_tortoise(app, db_url=... | config=...)`` (FastAPI, Starlette, aiohttp, Quart,
Sanic). In a config dict every entry of ``"connections"`` is a database: a URL
(``"postgres://user@db/shop"``, ``"sqlite://db.sqlite3"``) or an ``engine`` with
``credentials`` (host, port, database; SQLite's ``file_path``). The dict may live in another
module (``TORTOISE_ORM`` in a settings file aerich reads too). Deliberately ignores:
``config_file=`` (JSON/YAML outside the code) and model ``Meta.table`` names.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg
from scanner.detectors.connect_args import server_url
from scanner.findings import DatastoreUse
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

_HELPERS = ("fastapi", "starlette", "aiohttp", "quart", "sanic")
INITS = frozenset({"tortoise.Tortoise.init"}) | {
    f"tortoise.contrib.{framework}.register_tortoise" for framework in _HELPERS
}
# engine module suffix -> URL scheme
ENGINES = {
    "asyncpg": "postgresql",
    "psycopg": "postgresql",
    "mysql": "mysql",
    "mssql": "mssql",
    "oracle": "oracle",
}
# Tortoise's own URL schemes that the address parser does not know
SCHEMES = {"asyncpg": "postgresql", "psycopg": "postgresql"}


class TortoiseOrm(Detector):
    name = "tortoise"
    modules = frozenset({"tortoise"})

    def visit_Call(self, node: cst.Call) -> None:
        if not self.names(node.func) & INITS:
            return
        url = arg(node, None, "db_url")
        config = arg(node, None, "config")
        if url is not None:
            self._emit(node, _scheme_fixed(self.value(url)), None)
        elif config is not None:
            self._config(node, config)

    def _config(self, node: cst.Call, config: cst.BaseExpression) -> None:
        """Every connection of a config dict (written here or bound to a name elsewhere)."""
        found = _dict_at(self, self.ctx, config)
        connections = _sub_dict(self, found, "connections") if found is not None else None
        if connections is None:
            self._emit(node, Value.unknown(self.ctx.code(config)), None)
            return
        ctx, mapping = connections
        for element in mapping.elements:
            if isinstance(element, cst.DictElement):
                self._connection(node, ctx, element.value)

    def _connection(self, node: cst.Call, ctx: ModuleContext, spec: cst.BaseExpression) -> None:
        """One connection: a URL, or an engine with credentials."""
        as_dict = _dict_at(self, ctx, spec)
        if as_dict is None:
            self._emit(node, _scheme_fixed(value_of(self.ev, ctx, spec)), None)
            return
        engine = _value(self, as_dict, "engine")
        credentials = _sub_dict(self, as_dict, "credentials")
        if engine is None or engine.text is None or credentials is None:
            return
        suffix = engine.text.rsplit(".", 1)[-1]
        if suffix == "sqlite":
            path = _value(self, credentials, "file_path")
            if path is not None:
                self._emit(node, Value.of("sqlite:///") + path, None)
            return
        host = _value(self, credentials, "host") or Value.of("localhost")
        address = server_url(ENGINES.get(suffix, suffix), host, _value(self, credentials, "port"))
        self._emit(node, address, _value(self, credentials, "database"))

    def _emit(self, node: cst.Call, address: Value, database: Value | None) -> None:
        where = (self.ctx.path, self.line(node))
        self.findings.append(DatastoreUse(*where, "tortoise", "sql", address, database=database))


DictAt = tuple[ModuleContext, cst.Dict]


def _dict_at(detector: Detector, ctx: ModuleContext, node: cst.BaseExpression) -> DictAt | None:
    """The dict literal ``node`` is or is bound to."""
    if isinstance(node, cst.Dict):
        return ctx, node
    found = detector.ev.resolve(ctx, node)
    if isinstance(found, Expr) and isinstance(found.node, cst.Dict):
        return found.ctx, found.node
    return None


def _item(detector: Detector, found: DictAt, key: str) -> cst.BaseExpression | None:
    ctx, mapping = found
    for element in mapping.elements:
        if not isinstance(element, cst.DictElement):
            continue
        if value_of(detector.ev, ctx, element.key).text == key:
            return element.value
    return None


def _sub_dict(detector: Detector, found: DictAt, key: str) -> DictAt | None:
    item = _item(detector, found, key)
    return _dict_at(detector, found[0], item) if item is not None else None


def _value(detector: Detector, found: DictAt, key: str) -> Value | None:
    item = _item(detector, found, key)
    return value_of(detector.ev, found[0], item) if item is not None else None


def _scheme_fixed(url: Value) -> Value:
    """``asyncpg://...`` read as ``postgresql://...`` (Tortoise's driver-named schemes)."""
    head = url.parts[0] if url.parts else None
    if isinstance(head, str):
        for scheme, standard in SCHEMES.items():
            if head.startswith(f"{scheme}://"):
                return Value.of(standard + head[len(scheme) :]) + Value(url.parts[1:])
    return url
