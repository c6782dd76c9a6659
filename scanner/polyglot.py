"""Non-Python services of a polyglot repository: nodes named by compose, with the language
their Dockerfile (or image) runs, and the edges their configuration declares.

The scanner reads no Go, Java or JavaScript, so what such a service talks to is what its
compose entry says: ``depends_on`` targets and environment values whose URL or ``host:port``
names another declared service. Those edges carry provenance ``config`` and point at the
compose (or env) file line. Python services never get config-only edges: their code says
what they call, and a ``depends_on`` is often only start-up order.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Evidence, Node, NodeKind, Provenance
from scanner.hosts import HostMap
from scanner.images import image_language
from scanner.nodes import host_node
from scanner.notes import redact
from scanner.services import Service

_HOST_PORT = re.compile(r"^([A-Za-z][\w.-]*)(?::\d+)?(?:/.*)?$")
_CACHES = frozenset({"redis", "memcached"})


def mark_foreign(
    services: Mapping[str, Service], paths: frozenset[str], base_images: Mapping[str, list[str]]
) -> None:
    """Mark compose services that run no Python of this repository: built from a directory
    without Python files, or running an image that is not a known datastore or broker (nor
    a Python runtime)."""
    for service in services.values():
        spec = service.compose
        if spec is None or service.image_kind is not None:
            continue
        if spec.build_context is not None:
            if service.path is not None and _holds_python(paths, service.path):
                continue
            dockerfile = posixpath.normpath(
                posixpath.join(spec.build_context or ".", spec.dockerfile or "Dockerfile")
            )
            images = base_images.get(dockerfile, [])
            languages = [lang for lang in map(image_language, images) if lang is not None]
            service.language = languages[-1] if languages else image_language(spec.image)
        elif image_language(spec.image) == "python":
            continue  # Python run from a mounted volume (or a base to extend): code's edges
        else:
            service.language = image_language(spec.image)
        service.foreign = True


def _holds_python(paths: frozenset[str], directory: str) -> bool:
    prefix = f"{directory}/" if directory else ""
    return any(p.endswith(".py") and p.startswith(prefix) for p in paths)


def add_config_edges(graph: ServiceGraph, services: Mapping[str, Service]) -> None:
    """The edges foreign services' configuration declares, with provenance ``config``."""
    hosts = HostMap(services.values())
    for service in sorted(services.values(), key=lambda s: s.name):
        if not service.foreign or graph.node(Node(NodeKind.SERVICE, service.name).id) is None:
            continue
        source = Node(NodeKind.SERVICE, service.name).id
        for target, evidence in _declared(service, hosts):
            if target is service or (target.image_kind and target.image_kind.role == "broker"):
                continue
            node = _target_node(graph, target)
            kind = EdgeKind.HTTP
            if node.kind == NodeKind.DATASTORE:
                kind = EdgeKind.CACHE if node.technology in _CACHES else EdgeKind.DB
            provenance = frozenset({Provenance.CONFIG})
            graph.add_edge(Edge(source, node.id, kind, provenance, frozenset({evidence})))


def _declared(service: Service, hosts: HostMap) -> Iterator[tuple[Service, Evidence]]:
    spec = service.compose
    if spec is not None:
        for name in spec.depends_on:
            target = hosts.service(name)
            if target is not None:
                line = spec.depends_lines.get(name, spec.line)
                yield target, Evidence(spec.file, line, note=f"depends_on {name}")
    for key, entry in sorted(service.env.items()):
        host = _host_of(entry.value)
        target = hosts.service(host) if host else None
        if target is not None:
            note = f"{key}={redact(key, entry.value)}"
            yield target, Evidence(entry.path, entry.line, note=note)


def _host_of(value: str) -> str | None:
    """The host a URL or ``host[:port]`` value names; None for anything else."""
    value = value.strip()
    if "://" in value:
        try:
            return urlsplit(value).hostname
        except ValueError:
            return None
    match = _HOST_PORT.match(value)
    return match.group(1) if match else None


def _target_node(graph: ServiceGraph, target: Service) -> Node:
    """The node of a declared target, added when nothing has drawn it yet."""
    if target.image_kind is not None:
        kind, technology = NodeKind.DATASTORE, target.image_kind.technology
    else:
        kind, technology = NodeKind.SERVICE, None
    existing = graph.node(Node(kind, target.name).id)
    if existing is not None:
        return existing
    node = host_node(target.name, target, technology, datastore=kind == NodeKind.DATASTORE)
    return graph.add_node(replace(node, provenance=frozenset({Provenance.CONFIG})))
