"""What every part of the assembly shares: the graph being built, the declared services and
the hosts they answer to, and the helpers that draw an edge with its evidence, resolve an
address to a node, or report why there is none.

:class:`AssemblyBase` holds that state for :class:`scanner.assemble` and the edge builders
split from it (:mod:`scanner.messaging_edges`); it draws nothing by itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    Provenance,
    Severity,
    detail_of,
)
from scanner.addresses import parse_address
from scanner.findings import Finding
from scanner.hosts import HostMap, container_ports, is_local
from scanner.import_edges import ImportTargets
from scanner.nodes import host_node
from scanner.notes import missing_env, redact
from scanner.services import Service
from scanner.values import Unknown, Value


class AssemblyBase:
    """The state an assembly keeps while it draws one service's findings after another."""

    graph: ServiceGraph
    services: dict[str, Service]
    owned: dict[str, list[Finding]]
    all_hosts: HostMap
    hosts: HostMap  # as the service being drawn resolves names (its compose project first)
    brokers: dict[str, str | None]  # the service's broker connections by technology
    imports: ImportTargets

    def _host_node(self, host: str | Service, technology: str | None, datastore: bool) -> str:
        """The node of a host name, or of a service found without one (see :meth:`_reachable`)."""
        if isinstance(host, Service):
            node = host_node(host.name, host, technology, datastore)
        else:
            node = host_node(host, self.hosts.service(host), technology, datastore)
        return self.graph.add_node(node).id

    def _edge(
        self,
        source: str,
        target: str,
        kind: EdgeKind,
        finding: Finding,
        note: str,
        service: Service,
        values: Iterable[Value],
        **detail: Iterable[str],
    ) -> Edge:
        evidence = {Evidence(finding.path, finding.line, note=redact("", note))}
        provenance = frozenset({Provenance.STATIC})
        for value in values:
            for name in sorted(value.env_names()):
                entry = service.env.get(name)
                if entry is not None:  # where the value came from; the edge itself is code's
                    note = f"{name}={redact(name, entry.value)}"
                    evidence.add(Evidence(entry.path, entry.line, note=note))
        edge = Edge(
            source, target, kind, frozenset(provenance), frozenset(evidence), detail_of(**detail)
        )
        return self.graph.add_edge(edge)

    def _env(self, service: Service) -> dict[str, str]:
        return {k: e.value for k, e in service.env.items()}

    def _reachable(
        self,
        f: Finding,
        service: Service,
        raw: Value,
        resolved: Value,
        host: str | None,
        code: str,
        note: str,
        datastore: str | None = None,
    ) -> str | Service | None:
        """The host (or the service publishing a ``localhost`` port) to draw an edge to, or
        None after reporting why there is none.
        ``datastore``: the technology of a datastore address."""
        if host is None:
            what = note.removesuffix(raw.render()).strip()
            self._unresolved(f, service, raw, resolved, code, what)
            return None
        if is_local(host):
            port = parse_address(resolved).port
            if service.compose is not None and port in container_ports(service):
                message = f"{note} resolves to {host}:{port}, the service's own container port"
                self._diag(f, Severity.INFO, "self-call", message)
                return None
            published = self.hosts.published(port, service)
            if published is not None:  # the host's port a compose service publishes
                return published
            only = self.hosts.only_datastore(datastore, port, service) if datastore else None
            if only is not None:  # loopback in a container: a default the deployment sets
                return only
            message = f"{note} resolves to {host}; no manifest names the target"
            self._diag(f, Severity.INFO, "local-address", message)
            return None
        return host

    def _technology(self, node_id: str) -> str | None:
        node = self.graph.node(node_id)
        return node.technology if node is not None else None

    def _diag(self, f: Finding, severity: Severity, code: str, message: str) -> None:
        self.graph.add_diagnostic(Diagnostic(f.path, f.line, severity, code, message))

    def _unresolved(
        self, f: Finding, service: Service, raw: Value, resolved: Value, code: str, what: str
    ) -> None:
        missing = sorted(missing_env(resolved))
        unknown = sorted({p.hint for p in resolved.parts if isinstance(p, Unknown) and p.hint})
        reasons = []
        if missing:
            reasons.append(
                f"environment variable(s) {', '.join(missing)} not set for service "
                f"{service.name} and no default in code"
            )
        if unknown:
            reasons.append(f"depends on {', '.join(unknown)}, which the scanner cannot follow")
        reason = "; ".join(reasons) or "host not known"
        self._diag(f, Severity.WARNING, code, f"{what} {raw.render()}: {reason}")
