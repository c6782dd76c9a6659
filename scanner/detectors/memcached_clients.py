"""memcached clients: pymemcache, pylibmc, python-memcached, python-binary-memcached, aiomcache.

Each client is a ``cache`` use of the memcached server(s) it is built with; the datastore node
is named by the host (resolved to the compose/Kubernetes service), technology ``memcached``.
Recognises: pymemcache ``Client(("memcached", 11211))`` / ``Client("memcached:11211")`` /
``PooledClient(...)`` (one server) and ``HashClient([...])`` (every server of a literal list,
``(host, port)`` pairs or ``"host:port"`` strings); ``pylibmc.Client(["memcached"])``,
``memcache.Client(["127.0.0.1:11211"])`` and ``bmemcached.Client(("m:11211",), ...)`` (every
server of the list; a ``("host:port", weight)`` pair counts by its address); aiomcache
``Client("memcached", 11211)``. A server list read from the environment and split
(``os.getenv("MEMCACHED_SERVERS", "m1:11211").split(",")``) is the variable's value; the
assembler takes its first host. Deliberately ignores: Unix socket paths (``/tmp/mc.sock``,
``unix:...``: a local process, not a network dependency), ``RetryingClient(client)`` and
other wrappers of a client already reported, and key-level commands (get/set are what
"cache" means). Django ``CACHES`` are the Django detector's job.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg
from scanner.findings import DatastoreUse
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

_PYMEMCACHE = ("pymemcache", "pymemcache.client", "pymemcache.client.base")
ONE_SERVER = frozenset(f"{p}.{c}" for p in _PYMEMCACHE for c in ("Client", "PooledClient"))
PAIRED_SERVERS = frozenset(
    f"{p}.HashClient" for p in ("pymemcache", "pymemcache.client", "pymemcache.client.hash")
)
ADDRESS_SERVERS = {  # lists of "host:port" strings (or ("host:port", weight) pairs)
    "pylibmc.Client": "pylibmc",
    "pylibmc.client.Client": "pylibmc",
    "memcache.Client": "python-memcached",
    "bmemcached.Client": "bmemcached",
}
HOST_PORT = frozenset({"aiomcache.Client", "aiomcache.client.Client"})
DEFAULT_PORT = "11211"
_LISTS = cst.List | cst.Tuple | cst.Set


class MemcachedClients(Detector):
    name = "memcached"
    modules = frozenset({"pymemcache", "pylibmc", "memcache", "bmemcached", "aiomcache"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & ONE_SERVER:
            server = arg(node, 0, "server")
            if server is not None:
                self._server(node, "pymemcache", self.ctx, server, paired=True)
        elif names & PAIRED_SERVERS:
            self._servers(node, "pymemcache", arg(node, 0, "servers"), paired=True)
        elif known := sorted(names & ADDRESS_SERVERS.keys()):
            servers = arg(node, 0, "servers")
            self._servers(node, ADDRESS_SERVERS[known[0]], servers, paired=False)
        elif names & HOST_PORT:
            host, port = arg(node, 0, "host"), arg(node, 1, "port")
            if host is not None:
                given = self.value(port) if port is not None else Value.of(DEFAULT_PORT)
                self._emit(node, "aiomcache", self.value(host) + Value.of(":") + given)

    def _servers(
        self, node: cst.Call, library: str, servers: cst.BaseExpression | None, *, paired: bool
    ) -> None:
        """Every server of a literal list (followed through a name), else the one value."""
        if servers is None:
            return
        ctx, found = self.ctx, servers
        bound = self.ev.resolve(self.ctx, servers)
        if isinstance(bound, Expr) and (
            isinstance(bound.node, _LISTS) or _split_receiver(bound.node) is not None
        ):
            ctx, found = bound.ctx, bound.node
        if isinstance(found, _LISTS):
            for element in found.elements:
                self._server(node, library, ctx, element.value, paired=paired)
        else:
            self._server(node, library, ctx, found, paired=paired)

    def _server(
        self,
        node: cst.Call,
        library: str,
        ctx: ModuleContext,
        server: cst.BaseExpression,
        *,
        paired: bool,
    ) -> None:
        if isinstance(server, cst.Tuple) and len(server.elements) == 2:
            first, second = (e.value for e in server.elements)
            if not paired:  # ("host:port", weight)
                self._server(node, library, ctx, first, paired=False)
                return
            host, port = value_of(self.ev, ctx, first), value_of(self.ev, ctx, second)
            self._emit(node, library, host + Value.of(":") + port)
            return
        split = _split_receiver(server)
        self._emit(node, library, value_of(self.ev, ctx, split or server))

    def _emit(self, node: cst.Call, library: str, address: Value) -> None:
        text = address.text
        if text is not None and text.startswith(("/", "unix:")):
            return  # a Unix socket: the local process, not a service
        url = address if text is not None and "://" in text else Value.of("memcached://") + address
        found = DatastoreUse(
            self.ctx.path, self.line(node), library, "memcached", url, usage="cache"
        )
        self.findings.append(found)


def _split_receiver(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """``x`` of ``x.split(",")``: a server list kept in one comma-separated string."""
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "split"
    ):
        return node.func.value
    return None
