"""Cassandra and ScyllaDB through the DataStax driver (also published as scylla-driver), its
cqlengine object mapper and acsylla.

Recognises: ``Cluster(contact_points, port=...)`` (a db use of the first contact point, the
list written inline, held in a name, or read from the environment and ``split``), the
keyspace chosen on such a cluster with ``cluster.connect("ks")``, on its session with
``session.set_keyspace("ks")`` (the keyspace goes to the ``databases`` detail, cited where it
is named; clusters kept in attributes or passed as arguments are followed), cqlengine's
``connection.setup(hosts, default_keyspace)`` and ``connection.register_connection(name,
hosts=...)``, and acsylla's ``create_cluster(hosts)`` / ``create_session(keyspace=...)``.
Deliberately ignores: ``Cluster()`` without contact points (the driver's default is
127.0.0.1), ``register_connection(session=...)`` (the session's cluster is reported where it
is built), CQL statements (``USE ks`` and table names are run-time data to the driver).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.connect_args import first_item
from scanner.findings import DatastoreUse
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

CLUSTERS = frozenset({"cassandra.cluster.Cluster", "acsylla.create_cluster"})
SETUPS = frozenset(
    {
        "cassandra.cqlengine.connection.setup",
        "cassandra.cqlengine.connection.register_connection",
    }
)
SESSIONS = frozenset({"connect", "create_session"})  # cluster methods that open a session
LIBRARIES = {"cassandra": "cassandra-driver", "acsylla": "acsylla"}


class CassandraClients(Detector):
    name = "cassandra"
    modules = frozenset({"cassandra", "acsylla"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & CLUSTERS:
            hosts = arg(node, 0, "contact_points")
            if hosts is not None:
                self._use(node, names, self._address(self.ctx, node, hosts, 1), None)
        elif names & SETUPS:
            is_setup = any(n.endswith(".setup") for n in names)
            hosts = arg(node, 0 if is_setup else None, "hosts")
            keyspace = arg(node, 1, "default_keyspace") if is_setup else None
            if hosts is not None:
                database = self.value(keyspace) if keyspace is not None else None
                self._use(node, names, self._address(self.ctx, node, hosts, None), database)
        elif (found := method_of(node)) is not None:
            self._keyspace(node, *found)

    def _keyspace(self, node: cst.Call, receiver: cst.BaseExpression, method: str) -> None:
        """``cluster.connect("ks")`` or ``session.set_keyspace("ks")``."""
        cluster: cst.BaseExpression | None = receiver
        if method == "set_keyspace":
            cluster = self._session_cluster(receiver)
        elif method not in SESSIONS:
            return
        keyspace = arg(node, 0, "keyspace")
        if cluster is None or keyspace is None:
            return
        built = self.ev.origin(self.ctx, cluster)
        if built is None:
            return
        ctx, maker = built
        hosts = arg(maker, 0, "contact_points")
        names = ctx.qualified_names(maker.func) & CLUSTERS
        if names and hosts is not None:
            self._use(node, names, self._address(ctx, maker, hosts, 1), self.value(keyspace))

    def _session_cluster(self, session: cst.BaseExpression) -> cst.BaseExpression | None:
        """The cluster a session was opened on here (``session = cluster.connect()``)."""
        origin = self.ev.origin(self.ctx, session)
        if origin is None or origin[0].path != self.ctx.path:
            return None
        opened = method_of(origin[1])
        return opened[0] if opened is not None and opened[1] in SESSIONS else None

    def _address(
        self, ctx: ModuleContext, call: cst.Call, hosts: cst.BaseExpression, port_at: int | None
    ) -> Value:
        """``cassandra://<first contact point>[:port]``."""
        host, port_node = self._first_host(ctx, hosts), arg(call, port_at, "port")
        port = value_of(self.ev, ctx, port_node) if port_node is not None else None
        if isinstance(host, tuple):
            host, port = host
        url = Value.of("cassandra://") + host
        return url + (Value.of(":") + port if port is not None else Value())

    def _first_host(
        self, ctx: ModuleContext, hosts: cst.BaseExpression
    ) -> Value | tuple[Value, Value]:
        """The first contact point; ``(host, port)`` when it is written as a pair."""
        ctx, first = first_item(self.ev, ctx, hosts)
        if isinstance(first, cst.Tuple) and len(first.elements) == 2:
            pair = [value_of(self.ev, ctx, e.value) for e in first.elements]
            return pair[0], pair[1]
        split = method_of(first) if isinstance(first, cst.Call) else None
        if split is not None and split[1] == "split":  # "a,b".split(","): the first is read
            return value_of(self.ev, ctx, split[0])
        return value_of(self.ev, ctx, first)

    def _use(
        self, node: cst.Call, names: frozenset[str], address: Value, keyspace: Value | None
    ) -> None:
        library = LIBRARIES[min(names).split(".", 1)[0]]
        use = DatastoreUse(
            self.ctx.path, self.line(node), library, "cassandra", address, database=keyspace
        )
        self.findings.append(use)
