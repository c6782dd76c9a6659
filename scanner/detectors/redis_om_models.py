"""redis-om (and its asyncio twin aredis-om): models stored in Redis.

redis-om models are a service's primary storage, so their Redis is a ``db`` use, not a
cache. Recognises: ``get_redis_connection(url=...)`` or ``get_redis_connection(host=...,
port=..., db=...)`` (redis-om connects to ``REDIS_OM_URL`` when no ``url`` is given, else
to the host and port given, default ``localhost:6379``); ``HashModel`` / ``JsonModel``
subclasses (through bases the repository defines) whose ``class Meta: database = ...``,
their own or a base's, is such a connection or a redis-py client, and models with no
database (redis-om's default connection); and uses of a model: ``Model.find(...)``,
``Model.get(pk)``, ``Model.all_pks()``, ``Model.delete(pk)`` and ``.save()`` on an instance
built by ``Model(...)``, wherever the model is imported. Streams and pub/sub on the
connection are the Redis detector's. Deliberately ignores: ``EmbeddedJsonModel`` (stored
inside its parent), methods of unknown receivers, and connections built by other means.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import ClassRef, Instance
from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import DatastoreUse
from scanner.index import ClassInfo
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

_PACKAGES = ("redis_om", "aredis_om")
CONNECTIONS = frozenset(
    f"{package}{inner}.get_redis_connection"
    for package in _PACKAGES
    for inner in ("", ".connections")
)
MODELS = frozenset(
    f"{package}{inner}.{name}"
    for package in _PACKAGES
    for inner in ("", ".model", ".model.model")
    for name in ("HashModel", "JsonModel")
)
REDIS_CLIENTS = frozenset(
    f"{package}.{name}"
    for package in ("redis", "redis.asyncio")
    for name in ("Redis", "StrictRedis", "from_url", "Redis.from_url", "StrictRedis.from_url")
)
CLASS_USES = frozenset({"find", "get", "all_pks", "delete"})
DEFAULT = Value.env("REDIS_OM_URL", Value.of("redis://localhost:6379"))


class RedisOmModels(Detector):
    name = "redis-om"
    modules = frozenset(_PACKAGES)

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & CONNECTIONS:
            self._use(node, self._connection(self.ctx, node))
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method not in CLASS_USES and method != "save":
            return
        bound = self.ev.resolve(self.ctx, receiver)
        model = ClassRef if method in CLASS_USES else Instance  # ``Model.get``, ``obj.save``
        if isinstance(bound, model):
            self._model_use(node, bound.ctx, bound.info)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        info = self.ctx.index.classes.get(node.name.value)
        if info is not None and info.node is node:
            self._model_use(node, self.ctx, info)

    def _model_use(self, node: cst.CSTNode, ctx: ModuleContext, info: ClassInfo) -> None:
        address = self._model_address(ctx, info)
        if address is not None:
            self._use(node, address)

    def _model_address(self, ctx: ModuleContext, info: ClassInfo) -> Value | None:
        """Where a model is stored: its (inherited) ``Meta.database``, else redis-om's
        default connection; None when the class is no redis-om model."""
        chain = self.ev.mro(ctx, info)
        if not any(kctx.qualified_names(b) & MODELS for klass, kctx in chain for b in klass.bases):
            return None
        for klass, kctx in chain:
            meta = klass.inner.get("Meta")
            database = meta.body.get("database") if meta is not None else None
            if database is not None:
                return self._database(kctx, database)
        return DEFAULT

    def _database(self, ctx: ModuleContext, database: cst.BaseExpression) -> Value:
        made = self.ev.origin(ctx, database)
        if made is None:
            return Value.unknown(ctx.code(database))
        octx, call = made
        names = octx.qualified_names(call.func)
        if names & CONNECTIONS:
            return self._connection(octx, call)
        if names & REDIS_CLIENTS:
            url = arg(call, 0, "url")
            if url is not None and any(n.endswith("from_url") for n in names):
                return value_of(self.ev, octx, url)
            return self._host_port(octx, call)
        return Value.unknown(octx.code(call))

    def _connection(self, ctx: ModuleContext, call: cst.Call) -> Value:
        url = arg(call, None, "url")
        if url is not None:
            return value_of(self.ev, ctx, url)
        return Value.env("REDIS_OM_URL", self._host_port(ctx, call))

    def _host_port(self, ctx: ModuleContext, call: cst.Call) -> Value:
        host, port, db = arg(call, 0, "host"), arg(call, 1, "port"), arg(call, 2, "db")
        parts = [
            value_of(self.ev, ctx, given) if given is not None else Value.of(default)
            for given, default in ((host, "localhost"), (port, "6379"))
        ]
        url = Value.of("redis://") + parts[0] + Value.of(":") + parts[1]
        return url + (Value.of("/") + value_of(self.ev, ctx, db) if db is not None else Value())

    def _use(self, node: cst.CSTNode, address: Value) -> None:
        found = DatastoreUse(self.ctx.path, self.line(node), "redis-om", "redis", address)
        self.findings.append(found)
