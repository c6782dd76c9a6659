"""Redis clients (redis-py, ``redis.asyncio``, aioredis) and Redis pub/sub and streams.

Recognises: ``Redis(host=..., port=..., db=...)`` / ``StrictRedis(...)`` (default host
localhost), ``Redis.from_url(url)`` / ``redis.from_url(url)``, the same under
``redis.asyncio`` and ``aioredis``, and ``ConnectionPool(...)`` / ``ConnectionPool.from_url``;
each is a cache use of the Redis at that address. On a client built that way: ``publish(ch,
...)`` (publish to channel), ``pubsub().subscribe(ch)`` (consume channel), ``xadd(stream,
...)`` (publish to stream) and ``xread``/``xreadgroup`` with a literal ``streams`` dict
(consume). Redis Cluster: ``RedisCluster(host=..., port=...)``,
``RedisCluster(startup_nodes=[ClusterNode(host, port)])`` (or redis-py-cluster's
``[{"host": ..., "port": ...}]``) and ``RedisCluster.from_url(url)``, sync and asyncio, are
a cache use of the first node. Sentinel: ``Sentinel([(host, port), ...])`` (aioredis 1.x:
``create_sentinel``) is a cache use of the first sentinel, and clients from its
``master_for``/``slave_for`` publish and consume like any other. Deliberately ignores:
``Redis(connection_pool=pool)`` (the pool is reported), the nodes a cluster discovers at run
time, key-level commands (get/set are what "cache" means).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.connect_args import ConnectArgs, first_item
from scanner.findings import DatastoreUse, Messaging, Role
from scanner.symbolic import value_of
from scanner.values import Value

_PREFIXES = ("redis", "redis.client", "redis.asyncio", "redis.asyncio.client", "aioredis")
CONSTRUCTORS = frozenset(
    f"{prefix}.{cls}" for prefix in _PREFIXES for cls in ("Redis", "StrictRedis", "ConnectionPool")
)
_CLUSTER_PREFIXES = ("redis", "redis.cluster", "redis.asyncio", "redis.asyncio.cluster")
CLUSTERS = frozenset(f"{prefix}.RedisCluster" for prefix in _CLUSTER_PREFIXES) | {
    "rediscluster.RedisCluster",
    "rediscluster.StrictRedisCluster",
}
FROM_URLS = frozenset(
    f"{prefix}.{name}"
    for prefix in _PREFIXES
    for name in ("from_url", "Redis.from_url", "StrictRedis.from_url", "ConnectionPool.from_url")
) | {f"{cluster}.from_url" for cluster in CLUSTERS}
SENTINELS = frozenset(
    f"{prefix}.Sentinel"
    for prefix in ("redis", "redis.sentinel", "redis.asyncio", "redis.asyncio.sentinel")
) | {"aioredis.sentinel.Sentinel", "aioredis.create_sentinel", "aioredis.sentinel.create_sentinel"}
SENTINEL_CLIENTS = frozenset({"master_for", "slave_for"})
# redis-om hands out plain redis-py clients: streams and pub/sub on them are Redis's own
# (the connection itself is redis_om_models' db edge, so it is no constructor here)
REDIS_OM_CONNECTIONS = frozenset(
    f"{package}{module}.get_redis_connection"
    for package in ("redis_om", "aredis_om")
    for module in ("", ".connections")
)
CLIENTS = CONSTRUCTORS | FROM_URLS | CLUSTERS | REDIS_OM_CONNECTIONS


class RedisClients(Detector):
    name = "redis"
    modules = frozenset({"redis", "aioredis", "rediscluster", "redis_om", "aredis_om"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & FROM_URLS:
            url = arg(node, 0, "url")
            if url is not None:
                self._use(node, self.value(url))
        elif names & CONSTRUCTORS:
            if arg(node, None, "connection_pool") is None:
                self._use(node, self._address(node))
        elif names & CLUSTERS:
            self._use(node, self._cluster_address(node))
        elif names & SENTINELS:
            sentinels = arg(node, 0, "sentinels")
            if sentinels is not None:
                self._use(node, self._server(sentinels, "26379"))
        else:
            self._messaging(node)

    def _address(self, node: cst.Call) -> Value:
        """``redis://host:port[/db]`` from arguments, keywords or a splatted config dict."""
        args = ConnectArgs(self, node)
        url = self._host_port(args, 0, 1)
        db = args.value(2, "db")
        return url + (Value.of("/") + db if db is not None else Value())

    def _cluster_address(self, node: cst.Call) -> Value:
        """The node a cluster client starts from: ``host``/``port``, else the first of
        ``startup_nodes``."""
        args = ConnectArgs(self, node)
        nodes = args.node(2, "startup_nodes")
        if args.node(0, "host") is None and nodes is not None:
            return self._server(nodes, "6379")
        return self._host_port(args, 0, 1)

    def _host_port(self, args: ConnectArgs, host_at: int, port_at: int) -> Value:
        host = args.or_default(args.value(host_at, "host"), "localhost")
        port = args.value(port_at, "port") or Value.of("6379")
        return Value.of("redis://") + host + Value.of(":") + port

    def _server(self, servers: cst.BaseExpression, default_port: str) -> Value:
        """``redis://host:port`` of the first server of a list of ``(host, port)`` pairs,
        ``ClusterNode(host, port)`` or ``{"host": ..., "port": ...}``."""
        ctx, first = first_item(self.ev, self.ctx, servers)
        host: cst.BaseExpression | None = first
        port: cst.BaseExpression | None = None
        if isinstance(first, cst.Tuple) and len(first.elements) == 2:
            host, port = (e.value for e in first.elements)
        elif isinstance(first, cst.Call) and _is_cluster_node(ctx.qualified_names(first.func)):
            host, port = arg(first, 0, "host"), arg(first, 1, "port")
        elif isinstance(first, cst.Dict):
            found = {
                value_of(self.ev, ctx, e.key).text: e.value
                for e in first.elements
                if isinstance(e, cst.DictElement)
            }
            host, port = found.get("host"), found.get("port")
        url = Value.of("redis://")
        url = url + (value_of(self.ev, ctx, host) if host is not None else Value.unknown("host"))
        return (
            url
            + Value.of(":")
            + (value_of(self.ev, ctx, port) if port is not None else Value.of(default_port))
        )

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
        if not made & CLIENTS and not self._from_sentinel(maker):
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

    def _from_sentinel(self, maker: cst.Call | None) -> bool:
        """Whether a client came from ``sentinel.master_for(...)``/``slave_for(...)`` in
        this module (the call :meth:`made_by` just returned)."""
        where = self.made_at(maker)
        found = method_of(maker) if maker is not None else None
        if found is None or found[1] not in SENTINEL_CLIENTS or where is None:
            return False
        return where[0] == self.ctx.path and bool(self.made_by(found[0])[0] & SENTINELS)

    def _emit(self, node: cst.Call, role: Role, destination: Value, kind: str) -> None:
        found = Messaging(
            self.ctx.path, self.line(node), "redis", role, destination, kind, library="redis"
        )
        self.findings.append(found)


def _is_cluster_node(names: frozenset[str]) -> bool:
    return any(n.endswith(".ClusterNode") for n in names)
