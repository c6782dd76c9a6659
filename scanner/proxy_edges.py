"""Reverse proxies as dependencies: an nginx, Caddy, Envoy or Traefik in front of services
depends on every service its configuration forwards to (edges with provenance ``config``).

A proxy configuration belongs to the services that run it: those whose compose entry
bind-mounts the file (non-Python ones also a directory holding it), non-Python services
built from the directory holding it (an image that ``COPY``s its ``nginx.conf``), and a
Kubernetes nginx or Envoy mounting it from a ConfigMap (read from the manifest). A
configuration nothing runs is reported once, not drawn: it may be an example or another
deployment's. A Traefik routes to the compose services whose labels configure it, and a
Kubernetes Ingress to the workloads behind its backend Services (:mod:`scanner.ingress_edges`:
the Ingress itself is the node, there being no proxy service to draw). Targets
resolve through the declared services' names and aliases (the proxy's own compose project
first); a fully qualified host nothing declares is an external node; a target on the
proxy's own host (``127.0.0.1``) is the proxy's own process.
"""

from __future__ import annotations

import ipaddress
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import replace

import yaml

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
)
from scanner.config.dotenv import EnvEntry
from scanner.config.proxies import (
    ProxyRoute,
    caddy_routes,
    envoy_routes,
    is_traefik,
    looks_like_nginx,
    parse_nginx,
    traefik_routes,
)
from scanner.config.repository import RepoConfig
from scanner.config.yamlfile import Y, load_documents
from scanner.hosts import HostMap, is_local
from scanner.ingress_edges import add_ingress_edges
from scanner.polyglot import add_config_edge
from scanner.services import Service

CONFIG = frozenset({Provenance.CONFIG})


def add_proxy_edges(
    graph: ServiceGraph, services: Mapping[str, Service], config: RepoConfig
) -> None:
    hosts = HostMap(services.values())
    for proxy in sorted(services.values(), key=lambda s: s.name):
        source = Node(NodeKind.SERVICE, proxy.name).id
        if proxy.foreign and proxy.mounted and graph.node(source) is not None:
            for route in _mounted_routes(graph, proxy):
                _draw(graph, source, proxy, route, hosts.seen_from(proxy))
    _traefik_edges(graph, services)
    add_ingress_edges(graph, services, config.yaml_docs)
    for path, routes in _proxy_configs(graph, config):
        runners = _runners(path, services.values())
        if not runners:
            message = f"proxy configuration {path} is run by no declared service; not drawn"
            graph.add_diagnostic(Diagnostic(path, None, Severity.INFO, "proxy-unused", message))
        for proxy in runners:
            source = Node(NodeKind.SERVICE, proxy.name).id
            if graph.node(source) is None:
                continue
            for route in routes:
                _draw(graph, source, proxy, route, hosts.seen_from(proxy))


def configured_proxies(services: Mapping[str, Service], config: RepoConfig) -> frozenset[str]:
    """Services that run an nginx or Envoy configuration the repository holds (and that
    config's routes say where they send requests, so their ``depends_on`` is only start-up
    order)."""
    found = {s.name for s in services.values() if s.foreign and s.mounted}
    paths = [
        *config.nginx,
        *config.caddyfiles,
        *(p for p, d in config.yaml_docs.items() if _proxy_yaml(d)),
    ]
    for path in paths:
        found.update(s.name for s in _runners(path, services.values()))
    return frozenset(found)


def _envoy(docs: list[Y]) -> bool:
    return any(doc.get("static_resources") is not None for doc in docs)


def _proxy_yaml(docs: list[Y]) -> bool:
    """An Envoy bootstrap or a Traefik file provider's configuration."""
    return _envoy(docs) or any(is_traefik(doc) for doc in docs)


def _proxy_configs(
    graph: ServiceGraph, config: RepoConfig
) -> Iterable[tuple[str, list[ProxyRoute]]]:
    for path, text in sorted(config.nginx.items()):
        parsed = parse_nginx(text, path)
        graph.add_diagnostics(parsed.diagnostics)
        yield path, parsed.routes
    for path, text in sorted(config.caddyfiles.items()):
        yield path, caddy_routes(text, path)
    for path, docs in sorted(config.yaml_docs.items()):
        if _envoy(docs):
            envoy = [doc for doc in docs if doc.get("static_resources") is not None]
            yield path, [route for doc in envoy for route in envoy_routes(doc, path)]
        elif any(is_traefik(doc) for doc in docs):
            yield path, [route for doc in docs for route in traefik_routes(doc, path)]


def _traefik_edges(graph: ServiceGraph, services: Mapping[str, Service]) -> None:
    """Traefik's Docker provider routes to the containers whose labels configure it: an
    edge from each Traefik of the compose project (else of the repository) to each service
    labelled ``traefik.*`` (and not ``traefik.enable=false``), cited at its router rule."""
    proxies = [s for s in services.values() if s.foreign and s.language == "traefik"]
    for target in sorted(services.values(), key=lambda s: s.name):
        labels = target.compose.labels if target.compose is not None else {}
        keys = sorted(k for k in labels if k.startswith("traefik."))
        if not keys or labels.get("traefik.enable", EnvEntry("", "", 0)).value == "false":
            continue
        cited = next((k for k in keys if k.endswith(".rule")), keys[0])
        entry = labels[cited]
        evidence = Evidence(entry.path, entry.line, note=f"label {cited}={entry.value}")
        same = [p for p in proxies if _project(p) == _project(target)]
        for proxy in same or proxies:
            source = Node(NodeKind.SERVICE, proxy.name).id
            if proxy is not target and graph.node(source) is not None:
                add_config_edge(graph, source, target, evidence)


def _project(service: Service) -> str | None:
    return posixpath.dirname(service.compose.file) if service.compose is not None else None


def _mounted_routes(graph: ServiceGraph, proxy: Service) -> Iterable[ProxyRoute]:
    """Routes of the nginx/Envoy files a Kubernetes proxy mounts from ConfigMaps, their lines
    counted from the manifest (a block scalar's text starts on the line after its key)."""
    for path, line, key, text in proxy.mounted:
        if key.endswith((".conf", ".conf.template")) and looks_like_nginx(text):
            parsed = parse_nginx(text, path)
            graph.add_diagnostics(replace(d, line=(d.line or 0) + line) for d in parsed.diagnostics)
            routes = parsed.routes
        elif key.endswith((".yaml", ".yml")) and "static_resources" in text:
            try:
                docs = load_documents(text)
            except (yaml.YAMLError, RecursionError):
                continue
            routes = [r for doc in docs for r in envoy_routes(doc, path)]
        else:
            continue
        yield from (replace(r, line=r.line + line) for r in routes)


def _runners(path: str, services: Iterable[Service]) -> list[Service]:
    """Services mounting the file itself; non-Python ones mounting a directory holding it
    or built from one (a Python app mounting ``.`` for live reload runs no nginx)."""

    def mounts(service: Service, file_only: bool) -> bool:
        spec = service.compose
        return spec is not None and any(
            m == path or (not file_only and (m == "" or path.startswith(m + "/")))
            for m in spec.mounts
        )

    found = [
        s for s in services if mounts(s, file_only=not s.foreign) or (s.foreign and s.owns(path))
    ]
    return sorted(found, key=lambda s: s.name)


def _draw(
    graph: ServiceGraph, source: str, proxy: Service, route: ProxyRoute, hosts: HostMap
) -> None:
    if is_local(route.host):
        return
    evidence = Evidence(route.path, route.line, note=route.note)
    kind = EdgeKind.GRPC if route.note.startswith("grpc_pass") else EdgeKind.HTTP
    target = hosts.service(route.host)
    if target is not None:
        if target is not proxy and not (target.image_kind and target.image_kind.role == "broker"):
            add_config_edge(graph, source, target, evidence, kind)
        return
    if "." in route.host and not _is_ip(route.host):
        external = graph.add_node(Node(NodeKind.EXTERNAL, route.host, provenance=CONFIG))
        graph.add_edge(Edge(source, external.id, kind, CONFIG, frozenset({evidence})))
        return
    message = f"{route.note}: {route.host} names no declared service"
    graph.add_diagnostic(
        Diagnostic(route.path, route.line, Severity.INFO, "unresolved-proxy-target", message)
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
