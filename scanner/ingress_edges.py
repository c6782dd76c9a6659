"""Kubernetes Ingresses (and the Ingress-like ``HTTPRoute`` and Traefik ``IngressRoute``:
:mod:`scanner.config.kubernetes_ingress`) drawn as the cluster's entry points, the way a
reverse proxy's routes are (:mod:`scanner.proxy_edges`).

Each Ingress is a service node of technology ``kubernetes-ingress`` named after it (``-ingress``
added when a service already goes by that name), serving the paths of its rules, with a
``config`` edge to the workload behind each backend Service (the Service's name is the
workload's alias when its selector picks the workload's pods:
:mod:`scanner.config.kubernetes`), the paths as the edge's routes and the backend's line as
evidence. A Service of type ``ExternalName`` leads to its outside host. A backend naming a
Service no manifest declares, or one selecting no declared workload, is a diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping

from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    Node,
    NodeKind,
    Provenance,
    Severity,
    detail_of,
)
from scanner.config.kubernetes_ingress import Ingress, IngressBackend, kubernetes_ingresses
from scanner.config.yamlfile import Y
from scanner.hosts import HostMap
from scanner.polyglot import add_config_edge
from scanner.routes import normalise
from scanner.services import Service

TECHNOLOGY = "kubernetes-ingress"
_CONFIG = frozenset({Provenance.CONFIG})


def add_ingress_edges(
    graph: ServiceGraph, services: Mapping[str, Service], docs: Mapping[str, list[Y]]
) -> None:
    scan = kubernetes_ingresses(docs)
    hosts = HostMap(services.values())
    for ingress in scan.ingresses:
        source = graph.add_node(_node(ingress, hosts)).id
        for backend in ingress.backends:
            evidence = Evidence(backend.file, backend.line, note=_note(ingress, backend))
            detail = detail_of(routes=[_route(backend)] if backend.path is not None else [])
            target = hosts.service(backend.service)
            external = scan.external_names.get(backend.service)
            if target is not None:
                if not (target.image_kind and target.image_kind.role == "broker"):
                    kind = _kind(ingress, backend, target)
                    add_config_edge(graph, source, target, evidence, kind, detail)
            elif external is not None and "." in external:
                node = graph.add_node(Node(NodeKind.EXTERNAL, external, provenance=_CONFIG))
                kind = EdgeKind.GRPC if ingress.grpc else EdgeKind.HTTP
                graph.add_edge(Edge(source, node.id, kind, _CONFIG, frozenset({evidence}), detail))
            else:
                declared = backend.service in scan.services
                graph.add_diagnostic(_unresolved(ingress, backend, declared))


def _node(ingress: Ingress, hosts: HostMap) -> Node:
    """The Ingress's node; named apart from a service going by the same name (an Ingress
    ``orders`` in front of Deployment ``orders``)."""
    name = ingress.name if hosts.service(ingress.name) is None else f"{ingress.name}-ingress"
    note = f"kubernetes {ingress.kind} {ingress.name}"
    attributes = {"kind": ingress.kind}
    if ingress.ingress_class:
        attributes["gateway" if ingress.kind == "HTTPRoute" else "ingress_class"] = (
            ingress.ingress_class
        )
    paths = {_route(b) for b in ingress.backends if b.path is not None}
    return Node(
        NodeKind.SERVICE,
        name,
        TECHNOLOGY,
        aliases=frozenset({ingress.name} - {name}),
        routes=frozenset(paths),
        provenance=_CONFIG,
        evidence=frozenset({Evidence(ingress.file, ingress.line, note=note)}),
        attributes=attributes,
    )


def _route(backend: IngressBackend) -> str:
    return f"ANY {normalise(backend.path or '/')}"  # an Ingress routes every method


def _kind(ingress: Ingress, backend: IngressBackend, target: Service) -> EdgeKind:
    """gRPC when the controller is told to speak it, or the Service port is a gRPC one."""
    port = backend.port or ""
    grpc_port = port.isdigit() and int(port) in target.grpc_ports
    return EdgeKind.GRPC if ingress.grpc or grpc_port or port.startswith("grpc") else EdgeKind.HTTP


def _note(ingress: Ingress, backend: IngressBackend) -> str:
    port = f":{backend.port}" if backend.port else ""
    where = "default backend" if backend.path is None else f"{backend.host or '*'}{backend.path}"
    return f"{ingress.kind.lower()} {ingress.name} {where} -> {backend.service}{port}"


def _unresolved(ingress: Ingress, backend: IngressBackend, declared: bool) -> Diagnostic:
    reason = "selects no declared workload" if declared else "is declared by no manifest"
    message = f"{_note(ingress, backend)}: Service {backend.service} {reason}; not drawn"
    return Diagnostic(
        backend.file, backend.line, Severity.INFO, "unresolved-ingress-backend", message
    )
