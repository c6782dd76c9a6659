"""Redis clients (redis-py, ``redis.asyncio``, aioredis) and Redis pub/sub and streams.

Recognises: ``Redis(host=..., port=..., db=...)`` / ``StrictRedis(...)`` (default host
localhost), ``Redis.from_url(url)`` / ``redis.from_url(url)``, the same under
``redis.asyncio`` and ``aioredis``, and ``ConnectionPool(...)`` / ``ConnectionPool.from_url``;
each is a cache use of the Redis at that address. On a client built that way: ``publish(ch,
...)`` (publish to channel), ``pubsub().subscribe(ch)`` (consume channel), ``xadd(stream,
...)`` (publish to stream) and ``xread``/``xreadgroup`` with a literal ``streams`` dict
(consume). Deliberately ignores: ``Redis(connection_pool=pool)`` (the pool is reported),
Sentinel and cluster discovery, key-level commands (get/set are what "cache" means).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of, splatted
from scanner.findings import DatastoreUse, Messaging, Role
from scanner.values import Value

_PREFIXES = ("redis", "redis.client", "redis.asyncio", "redis.asyncio.client", "aioredis")
CONSTRUCTORS = frozenset(
    f"{prefix}.{cls}" for prefix in _PREFIXES for cls in ("Redis", "StrictRedis", "ConnectionPool")
)
FROM_URLS = frozenset(
    f"{prefix}.{name}"
    for prefix in _PREFIXES
    for name in ("from_url", "Redis.from_url", "StrictRedis.from_url", "ConnectionPool.from_url")
)
CLIENTS = CONSTRUCTORS | FROM_URLS


class RedisClients(Detector):
    name = "redis"
    modules = frozenset({"redis", "aioredis"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & FROM_URLS:
            url = arg(node, 0, "url")
            if url is not None:
                self._use(node, self.value(url))
        elif names & CONSTRUCTORS:
            if arg(node, None, "connection_pool") is None:
                self._use(node, self._address(node))
        else:
            self._messaging(node)

    def _address(self, node: cst.Call) -> Value:
        host, port, db = arg(node, 0, "host"), arg(node, 1, "port"), arg(node, 2, "db")
        url = Value.of("redis://") + (
            self.value(host) if host is not None else _default(node, Value.of("localhost"))
        )
        url = url + Value.of(":") + (self.value(port) if port is not None else Value.of("6379"))
        return url + (Value.of("/") + self.value(db) if db is not None else Value())

    def _use(self, node: cst.Call, address: Value) -> None:
        found = DatastoreUse(
            self.ctx.path, self.line(node), "redis", "redis", address, usage="cache"
        )
        self.findings.append(found)

    def _messaging(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] not in (
            "publish",
            "subscribe",
            "psubscribe",
            "xadd",
            "xread",
            "xreadgroup",
        ):
            return
        receiver, method = found
        made, maker = self.made_by(receiver)
        if method in ("subscribe", "psubscribe"):
            is_pubsub = (
                maker is not None and (m := method_of(maker)) is not None and m[1] == "pubsub"
            )
            if is_pubsub:
                for channel in [a.value for a in node.args if a.keyword is None]:
                    self._emit(node, "consume", self.value(channel), "channel")
            return
        if not made & CLIENTS:
            return
        target = arg(node, 0, "channel" if method == "publish" else "name")
        if method in ("publish", "xadd") and target is not None:
            self._emit(
                node, "publish", self.value(target), "channel" if method == "publish" else "stream"
            )
        elif method in ("xread", "xreadgroup"):
            streams = arg(node, 0 if method == "xread" else 2, "streams")
            if isinstance(streams, cst.Dict):
                for element in streams.elements:
                    if isinstance(element, cst.DictElement):
                        self._emit(node, "consume", self.value(element.key), "stream")

    def _emit(self, node: cst.Call, role: Role, destination: Value, kind: str) -> None:
        found = Messaging(
            self.ctx.path, self.line(node), "redis", role, destination, kind, library="redis"
        )
        self.findings.append(found)


def _default(node: cst.Call, fallback: Value) -> Value:
    """The library's default address, unless ``**kwargs`` may carry the real one."""
    return Value.unknown("**kwargs") if splatted(node) else fallback
