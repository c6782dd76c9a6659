"""nameko dependency providers that connect to a datastore named only in nameko's config.

Recognises, as class attributes of a nameko service (a class with ``name = "orders"``, or a
base class such a service derives from in the same module):
``nameko_sqlalchemy.DatabaseSession(DeclarativeBase)`` / ``Database(DeclarativeBase)`` (and
the old ``Session``): a db use of ``DB_URIS["<service name>:<base name>"]``, the base named
as SQLAlchemy names it (``declarative_base(name=...)``, default ``Base``; a class: its own
name); ``nameko_redis.Redis("development")``: a cache use of ``REDIS_URIS["development"]``.
The URLs are references to the service's nameko config (:mod:`scanner.config.nameko`), so
the assembler resolves them with the service's config file and environment; ``AMQP_URI``
is read by :mod:`scanner.detectors.nameko_rpc`. Deliberately ignores providers outside a
class; a database provider whose service or base cannot be named, or a key that is not a
constant, gives a use whose address is unknown (a diagnostic, never a guess).
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import ClassRef, Expr
from scanner.config.nameko import config_variable
from scanner.detectors.base import Detector, arg
from scanner.detectors.nameko_rpc import service_name
from scanner.findings import DatastoreUse
from scanner.symbolic import value_of
from scanner.values import Value

SQLALCHEMY = frozenset(
    {
        "nameko_sqlalchemy.DatabaseSession",
        "nameko_sqlalchemy.Database",
        "nameko_sqlalchemy.Session",
        "nameko_sqlalchemy.database.Database",
        "nameko_sqlalchemy.database_session.DatabaseSession",
    }
)
REDIS = frozenset({"nameko_redis.Redis"})
DECLARATIVE = frozenset(
    {
        "sqlalchemy.ext.declarative.declarative_base",
        "sqlalchemy.orm.declarative_base",
        "sqlalchemy.orm.decl_api.declarative_base",
    }
)


class NamekoProviders(Detector):
    name = "nameko-providers"
    modules = frozenset({"nameko_sqlalchemy", "nameko_redis"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._classes: list[cst.ClassDef] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if not names & (SQLALCHEMY | REDIS) or not self._classes:
            return
        if names & REDIS:
            key_node = arg(node, 0, "key")
            key = self.value(key_node) if key_node is not None else None
            self._use(node, "nameko_redis", "REDIS_URIS", key)
            return
        base = arg(node, 0, "declarative_base")
        base_name = self._base_name(base) if base is not None else None
        services: list[str | None] = [*self._services(self._classes[-1])]
        for service in services or [None]:  # no service: an unknown address, diagnosed
            key = Value.of(f"{service}:{base_name}") if base_name and service else None
            self._use(node, "nameko_sqlalchemy", "DB_URIS", key)

    def _services(self, node: cst.ClassDef) -> list[str]:
        """The nameko names of the class, else of the classes of the module deriving from it."""
        own = service_name(self, node)
        if own is not None:
            return [own]
        found = []
        for info in self.ctx.index.classes.values():
            bases = {b.value for b in info.bases if isinstance(b, cst.Name)}
            named = service_name(self, info.node) if node.name.value in bases else None
            if named is not None:
                found.append(named)
        return sorted(found)

    def _base_name(self, base: cst.BaseExpression) -> str | None:
        """``__name__`` of the declarative base: a class's own name, or the ``name`` given
        to ``declarative_base`` (SQLAlchemy's default ``Base``)."""
        found = self.ev.resolve(self.ctx, base)
        if isinstance(found, ClassRef):
            return found.info.node.name.value
        if not isinstance(found, Expr) or not isinstance(found.node, cst.Call):
            return None
        if not found.ctx.qualified_names(found.node.func) & DECLARATIVE:
            return None
        given = arg(found.node, None, "name")
        return value_of(self.ev, found.ctx, given).text if given is not None else "Base"

    def _use(self, node: cst.Call, library: str, setting: str, key: Value | None) -> None:
        """A use of the URL under ``setting[key]``; unknown (a diagnostic) without a key."""
        text = key.text if key is not None else None
        address = (
            Value.env(config_variable([setting, text]))
            if text
            else Value.unknown(f"{setting}[{self.ctx.code(node)}]")
        )
        redis = library == "nameko_redis"
        found = DatastoreUse(
            self.ctx.path,
            self.line(node),
            library,
            "redis" if redis else "sql",
            address,
            usage="cache" if redis else "db",
        )
        self.findings.append(found)
