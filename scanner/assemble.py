"""Findings + configuration -> the service graph. With :mod:`scanner.messaging_edges` (queues,
topics, Celery) and the helpers they share (:mod:`scanner.assembly_base`), the only place
that adds nodes and edges for what the scanner saw (node naming lives in
:mod:`scanner.nodes`, service boundaries in :mod:`scanner.ownership`).

For each finding: find the service owning its file, resolve its symbolic values against that
service's environment, name the target by the conventions (compose name for declared hosts,
host name for external ones, bucket/file/topic/exchange/queue names for the rest) and add the
edge with evidence. Whatever cannot be resolved becomes a diagnostic with file:line and the
reason; nothing is invented and nothing is dropped silently.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Edge,
    EdgeKind,
    Evidence,
    Node,
    NodeKind,
    Provenance,
    Severity,
    detail_of,
)
from scanner.addresses import parse_address
from scanner.celery_routing import celery_routed, router_diagnostics
from scanner.config.nameko import add_nameko_config
from scanner.config.repository import RepoConfig
from scanner.depends_datastore import depended_datastore
from scanner.direct_queues import join_direct_queues
from scanner.endpoints import annotate
from scanner.findings import (
    BrokerConnection,
    CeleryRouting,
    CeleryTask,
    DatastoreUse,
    Finding,
    GrpcClient,
    GrpcServer,
    HttpCall,
    Messaging,
    ModuleImport,
    NetworkCall,
    RpcCall,
    RpcServer,
    ScheduledTask,
    TableUse,
)
from scanner.hosts import HostMap, is_local
from scanner.import_edges import ImportTargets
from scanner.list_queues import settle_list_queues
from scanner.messaging_edges import MessagingEdges
from scanner.nodes import service_node
from scanner.notes import missing_env, url_path
from scanner.ownership import assign_services
from scanner.polyglot import add_config_edges, mark_foreign
from scanner.proxy_edges import add_proxy_edges, configured_proxies
from scanner.routes import match_route, normalise
from scanner.services import Service
from scanner.subject_wildcards import join_wildcards
from scanner.values import Value

# datastores whose connections name a database (a keyspace for Cassandra): the ``databases``
# detail and table names apply to them
SQL_TECHNOLOGIES = frozenset(
    {"postgres", "mysql", "sqlite", "mssql", "oracle", "cockroachdb", "mongodb", "cassandra"}
)


@dataclass
class Inputs:
    """Everything the assembler needs."""

    root_name: str  # the repository directory's name (names a root-level service)
    paths: frozenset[str]
    config: RepoConfig
    findings: list[Finding]
    extra_services: list[Service] = field(default_factory=list)  # from Kubernetes manifests
    root: Path | None = None  # to read imports telling apart services of one directory


def assemble(inputs: Inputs) -> ServiceGraph:
    return _Assembler(inputs).run()


class _Assembler(MessagingEdges):
    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.graph = ServiceGraph()
        config = inputs.config
        ownership = assign_services(
            config.compose,
            inputs.extra_services,
            inputs.findings,
            inputs.paths,
            inputs.root_name,
            config.dotenvs,
            config.procfiles,
            config.dockerfiles,
            inputs.root,
        )
        self.services = ownership.services
        mark_foreign(self.services, inputs.paths, config.base_images, config.dockerfiles)
        self.owned = ownership.owned
        self.graph.add_diagnostics(ownership.diagnostics)
        self.graph.add_diagnostics(add_nameko_config(self.services, self.owned, config))
        self.all_hosts = self.hosts = HostMap(self.services.values())
        self.imports = ImportTargets(inputs.paths, self.services)
        self._rpc_names = {  # RPC service name (nameko ``name``) -> the service serving it
            f.service: owner
            for owner, found in sorted(self.owned.items(), reverse=True)
            for f in found
            if isinstance(f, RpcServer)
        }

    def run(self) -> ServiceGraph:
        for service in sorted(self.services.values(), key=lambda s: s.name):
            self._service_node(service)
        for name in sorted(self.owned):
            self._service_findings(self.services[name], self.owned[name])
        settle_list_queues(self.graph)
        join_wildcards(self.graph)
        join_direct_queues(self.graph)
        proxies = configured_proxies(self.services, self.inputs.config)
        add_config_edges(self.graph, self.services, proxies)
        add_proxy_edges(self.graph, self.services, self.inputs.config)
        annotate(self.graph, self.services)
        return self.graph

    # -- nodes ---------------------------------------------------------------------------
    def _service_node(self, service: Service) -> None:
        findings = self.owned.get(service.name, [])
        node = service_node(service, findings, self._env(service))
        if node is not None:
            self.graph.add_node(replace(node, routes=node.routes | _rpc_routes(findings)))

    # -- findings ------------------------------------------------------------------------
    def _service_findings(self, service: Service, findings: list[Finding]) -> None:
        source = Node(NodeKind.SERVICE, service.name).id
        self.hosts = self.all_hosts.seen_from(service)  # its compose project's names first
        self.brokers = {
            f.technology: self._broker_name(service, f)
            for f in findings
            if isinstance(f, BrokerConnection)
        }
        db_edges: list[Edge] = []
        ordered = sorted(findings, key=lambda f: (f.path, f.line, type(f).__name__))
        routings = [f for f in ordered if isinstance(f, CeleryRouting)]
        self.graph.add_diagnostics(router_diagnostics(routings))
        env = self._env(service)  # once, not per finding (thousands per service)
        for finding in ordered:
            finding = celery_routed(finding, routings, env)
            if isinstance(finding, HttpCall):
                self._http(service, source, finding)
            elif isinstance(finding, DatastoreUse):
                for resolved in finding.address.resolve(env).expand():  # a branch each
                    edge = self._datastore(service, source, finding, resolved)
                    if edge is not None:
                        db_edges.append(edge)
            elif isinstance(finding, Messaging):
                self._messaging(service, source, finding)
            elif isinstance(finding, CeleryTask):
                self._celery_worker(service, source, finding, routings, env)
            elif isinstance(finding, ScheduledTask):
                self._scheduled(service, source, finding, routings, env)
            elif isinstance(finding, GrpcClient):
                self._grpc(service, source, finding)
            elif isinstance(finding, ModuleImport):
                self._import(service, source, finding)
            elif isinstance(finding, NetworkCall):
                self._network(service, source, finding)
            elif isinstance(finding, RpcCall):
                self._rpc(service, source, finding)
        self._tables(source, db_edges, [f for f in findings if isinstance(f, TableUse)])

    def _http(self, service: Service, source: str, f: HttpCall) -> None:
        """One edge per URL the call can take (a wrapper's callers pass different paths)."""
        for url in f.url.resolve(self._env(service)).expand():
            self._http_url(service, source, f, url)

    def _http_url(self, service: Service, source: str, f: HttpCall, url: Value) -> None:
        address = parse_address(url)
        note = f"{f.library} {f.method} {f.url.render()}"
        host = self._reachable(f, service, f.url, url, address.host, "unresolved-url", note)
        if host is None:
            return
        target = self._host_node(host, None, datastore=False)
        path = normalise(url_path(url) or "/")
        node = self.graph.node(target)
        served = node.routes if node is not None else frozenset()
        route = match_route(f.method, path, served) or f"{f.method} {path}"
        kind = (
            EdgeKind.DB if node is not None and node.kind == NodeKind.DATASTORE else EdgeKind.HTTP
        )
        edge = self._edge(source, target, kind, f, note, service, [f.url], routes=[route])
        if f.client is not None and f.client != (f.path, f.line):
            client = Evidence(*f.client, note=f"{f.library} client created here")
            extra = Edge(edge.source, edge.target, edge.kind, edge.provenance, frozenset({client}))
            self.graph.add_edge(extra)

    def _datastore(
        self, service: Service, source: str, f: DatastoreUse, resolved: Value
    ) -> Edge | None:
        """The edge of one address ``f`` resolves to (``resolved``, one of its branches)."""
        env = self._env(service)
        hint = None if f.technology in ("sql", "") else f.technology
        address = parse_address(resolved, default_scheme=hint)
        technology = hint or address.technology
        note = f"{f.library} {f.address.render()}"
        database = f.database.resolve(env).text if f.database is not None else address.database
        depended: tuple[str, int] | None = None  # a ``depends_on`` the address falls back to
        if f.name is not None:
            name = f.name.resolve(env).text
            if not name:
                self._unresolved(
                    f, service, f.name, f.name.resolve(env), "unresolved-address", f.library
                )
                return None
            target = self._named_datastore(name, technology)
        elif technology == "sqlite":
            if not address.database or address.database == ":memory:":
                self._diag(
                    f, Severity.INFO, "local-address", f"{note}: in-memory or unnamed SQLite"
                )
                return None
            target = self._named_datastore(posixpath.basename(address.database), "sqlite")
        else:
            if address.host is None:  # set nowhere: the one such datastore it waits for
                depended = depended_datastore(
                    service, resolved, technology, f.technology, self.hosts
                )
            host = depended[0] if depended is not None else self._reachable(
                f, service, f.address, resolved, address.host, "unresolved-address", note,
                technology,
            )  # fmt: skip
            if host is None:
                return None
            target = self._host_node(host, technology, datastore=True)
        kind = EdgeKind.CACHE if f.usage == "cache" else EdgeKind.DB
        databases = [database] if database and technology in SQL_TECHNOLOGIES else []
        values = [f.address] + ([f.database] if f.database is not None else [])
        edge = self._edge(source, target, kind, f, note, service, values, databases=databases)
        if depended is not None and service.compose is not None:
            unset = ", ".join(sorted(missing_env(resolved)))
            why = f"depends_on {depended[0]} ({unset} set nowhere)"
            evidence = frozenset({Evidence(service.compose.file, depended[1], note=why)})
            config = frozenset({Provenance.CONFIG})
            edge = self.graph.add_edge(Edge(source, target, kind, config, evidence))
        return edge

    def _named_datastore(self, name: str, technology: str | None) -> str:
        """A datastore named by what the code names (a bucket, a SQLite file), not a host."""
        static = frozenset({Provenance.STATIC})
        return self.graph.add_node(Node(NodeKind.DATASTORE, name, technology, provenance=static)).id

    def _tables(self, source: str, edges: list[Edge], tables: list[TableUse]) -> None:
        sql_edges = [
            e
            for e in edges
            if e.kind == EdgeKind.DB and self._technology(e.target) in SQL_TECHNOLOGIES
        ]
        if tables and not sql_edges:
            first = min(tables, key=lambda t: (t.path, t.line))
            names = ", ".join(sorted({t.table for t in tables}))
            self._diag(
                first,
                Severity.INFO,
                "tables-without-database",
                f"tables {names} used but no database connection resolved",
            )
        for edge in sql_edges:
            evidence = frozenset(Evidence(t.path, t.line, note=f"table {t.table}") for t in tables)
            extra = Edge(
                edge.source,
                edge.target,
                edge.kind,
                edge.provenance,
                evidence,
                detail_of(tables=[t.table for t in tables]),
            )
            self.graph.add_edge(extra)

    def _grpc(self, service: Service, source: str, f: GrpcClient) -> None:
        target_value = f.target.resolve(self._env(service))
        address = parse_address(target_value, default_scheme="grpc")
        note = f"grpc {f.service} stub at {f.target.render()}"
        name = address.host
        if name is not None and is_local(name) and not self.hosts.published(address.port, service):
            # ``localhost:50051`` with no manifest: the one other service serving that API
            name = self._grpc_server(f.service, service) or name
        host = self._reachable(f, service, f.target, target_value, name, "unresolved-address", note)
        if host is None:
            return
        target = self._host_node(host, None, datastore=False)
        self._edge(source, target, EdgeKind.GRPC, f, note, service, [f.target], methods=f.methods)

    def _grpc_server(self, api: str, caller: Service) -> str | None:
        """The only other service whose code serves the gRPC service ``api`` (compared by
        its last dotted part: stubs and servicers may spell the package differently)."""
        wanted = api.rsplit(".", 1)[-1]
        serving = {
            name
            for name, found in self.owned.items()
            if name != caller.name
            and any(
                isinstance(g, GrpcServer) and g.service.rsplit(".", 1)[-1] == wanted for g in found
            )
        }
        return serving.pop() if len(serving) == 1 else None

    def _rpc(self, service: Service, source: str, f: RpcCall) -> None:
        """A call through an RPC proxy: to the service registering that name, else to the
        service a manifest declares under it; an rpc edge named by the methods called."""
        resolved = f.service.resolve(self._env(service))
        name = resolved.text
        if not name:
            self._unresolved(f, service, f.service, resolved, "unresolved-service", f.framework)
            return
        owner = self._rpc_names.get(name)
        declared = self.hosts.service(name) if owner is None else None
        if owner is None and (declared is None or declared.path is None):
            message = f"{f.framework} rpc to {name}: no service in the repository is named so"
            self._diag(f, Severity.WARNING, "unresolved-service", message)
            return
        target = Node(NodeKind.SERVICE, owner or name).id
        if declared is not None:
            target = self._host_node(name, None, datastore=False)
        if target == source:
            return  # a service calling its own RPC methods is no dependency
        note = f"{f.framework} rpc {name}"
        routes = [f"rpc {name}.{m}" for m in f.methods]
        self._edge(source, target, EdgeKind.RPC, f, note, service, [f.service], routes=routes)

    def _network(self, service: Service, source: str, f: NetworkCall) -> None:
        """Other protocols: an edge of the protocol's own kind (``smtp``) when the model has
        one, else ``rpc``, to the host, named by the host."""
        resolved = f.address.resolve(self._env(service))
        address = parse_address(resolved, default_scheme=f.protocol)
        note = f"{f.protocol} {f.address.render()}"
        host = self._reachable(
            f, service, f.address, resolved, address.host, "unresolved-address", note
        )
        if host is None:
            return
        target = self._host_node(host, None, datastore=False)
        kind = EdgeKind(f.protocol) if f.protocol in EdgeKind.__members__.values() else EdgeKind.RPC
        self._edge(source, target, kind, f, note, service, [f.address])

    def _import(self, service: Service, source: str, f: ModuleImport) -> None:
        other = self.imports.other_service(service, f.module)
        if other is None:
            return
        edge = Edge(
            source,
            Node(NodeKind.SERVICE, other).id,
            EdgeKind.IMPORT,
            frozenset({Provenance.STATIC}),
            frozenset({Evidence(f.path, f.line, note=f"import {f.module}")}),
        )
        self.graph.add_edge(edge)


def _rpc_routes(findings: Iterable[Finding]) -> frozenset[str]:
    """``rpc <name>.<method>`` for every RPC method a service serves."""
    return frozenset(
        f"rpc {f.service}.{m}" for f in findings if isinstance(f, RpcServer) for m in f.methods
    )
