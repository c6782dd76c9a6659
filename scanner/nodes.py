"""The nodes of the map, named by the project's conventions: services by compose (or
Kubernetes, or directory) name, datastores by the declared host they are reached at, anything
undeclared by its host. Pure: these functions build nodes, the assembler adds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from catalog_api.model import Evidence, Node, NodeKind, Provenance
from scanner.findings import (
    AppDefinition,
    CeleryTask,
    Finding,
    GrpcServer,
    Messaging,
    RouteDefinition,
    RouterMount,
)
from scanner.images import is_tool_image
from scanner.routes import mounted_routes
from scanner.services import Service


def service_node(
    service: Service, findings: Sequence[Finding], env: Mapping[str, str]
) -> Node | None:
    """The node of a declared service; None for third-party containers (they become nodes
    only when something calls them)."""
    spec = service.compose
    evidence = {Evidence(spec.file, spec.line, note="compose service")} if spec else set()
    attributes = {"image": spec.image} if spec is not None and spec.image else {}
    if service.image_kind is not None:
        if service.image_kind.role != "datastore":
            return None  # brokers are not nodes: their exchanges, topics and queues are
        return Node(
            NodeKind.DATASTORE,
            service.name,
            service.image_kind.technology,
            aliases=frozenset(service.aliases),
            provenance=frozenset({Provenance.CONFIG}),
            evidence=frozenset(evidence),
            attributes=attributes,
        )
    if service.path is None and (not service.foreign or is_tool_image(service.run_image)):
        return None  # an operations tool's container: a node only when something calls it
    if service.language is not None:
        attributes["language"] = service.language
    provenance = {Provenance.CONFIG} if spec or service.declared_by else set()
    if service.declared_by is not None:
        file, line, note = service.declared_by
        evidence.add(Evidence(file, line, note=note))
    if findings:
        provenance.add(Provenance.STATIC)
    for app in (f for f in findings if isinstance(f, AppDefinition)):
        evidence.add(Evidence(app.path, app.line, note=f"{app.framework} app"))
    return Node(
        NodeKind.SERVICE,
        service.name,
        _technology(findings),
        aliases=frozenset(service.aliases),
        path=service.path,
        routes=frozenset(_routes(findings, env)),
        provenance=frozenset(provenance),
        evidence=frozenset(evidence),
        attributes=attributes,
    )


def _routes(findings: Sequence[Finding], env: Mapping[str, str]) -> set[str]:
    mounts = [
        (f.router, f.prefix.resolve(env).render(), f.parent, f.replaces)
        for f in findings
        if isinstance(f, RouterMount)
    ]
    http = mounted_routes([f for f in findings if isinstance(f, RouteDefinition)], mounts)
    return http | {m for f in findings if isinstance(f, GrpcServer) for m in f.methods}


def _technology(findings: Sequence[Finding]) -> str | None:
    """The serving framework; else ``celery`` for workers; else the consuming library."""
    frameworks = {f.framework for f in findings if isinstance(f, AppDefinition)}
    servers = frameworks - {"celery"}  # a Celery app in a web service is a client
    workers = {"celery"} if any(isinstance(f, CeleryTask) for f in findings) else set()
    consumers = sorted(
        {
            f.library
            for f in findings
            if isinstance(f, Messaging) and f.role == "consume" and f.library
        }
    )
    chosen = servers or frameworks or workers or set(consumers[:1])
    return "+".join(sorted(chosen)) or None


def host_node(host: str, declared: Service | None, technology: str | None, datastore: bool) -> Node:
    """The node a host names: a declared service or datastore, else a datastore (when the
    code says it is one) or an external node, named by the host."""
    if declared is None:
        kind = NodeKind.DATASTORE if datastore else NodeKind.EXTERNAL
        return Node(kind, host, technology, provenance=frozenset({Provenance.STATIC}))
    if declared.image_kind is not None:
        technology = declared.image_kind.technology or technology
        return Node(
            NodeKind.DATASTORE, declared.name, technology, provenance=frozenset({Provenance.STATIC})
        )
    if declared.path is None:
        image = declared.compose.image if declared.compose else None
        return Node(
            NodeKind.SERVICE,
            declared.name,
            aliases=frozenset(declared.aliases),
            provenance=frozenset({Provenance.CONFIG}),
            attributes={"image": image} if image else {},
        )
    return Node(NodeKind.SERVICE, declared.name, path=declared.path)  # "" (the root) kept
