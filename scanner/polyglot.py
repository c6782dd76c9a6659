"""Non-Python services of a polyglot repository: nodes named by compose, with the language
their Dockerfile (or image) runs, and the edges their configuration declares.

The scanner reads no Go, Java or JavaScript, so what such a service talks to is what its
compose entry or Kubernetes workload says: ``depends_on`` targets and environment values
whose URL or ``host:port`` names another declared service (a bare name only under a key that
says address: ``POSTGRES_DB=users`` names a database). Those edges carry provenance
``config`` and point at the compose (or env, or manifest) file line. Python services never
get config-only edges: their code says what they call, and a ``depends_on`` is often only
start-up order.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Evidence, Node, NodeKind, Provenance
from scanner.build_code import copied_from_context
from scanner.client_jobs import client_hosts, job_command, runs_client
from scanner.config.dockerfile import parse_dockerfile
from scanner.hosts import HostMap
from scanner.images import classify_image, image_language, image_name, is_tool_image
from scanner.mounted_code import holds_python
from scanner.nodes import host_node
from scanner.notes import redact
from scanner.services import Service

_HOST_PORT = re.compile(r"^([A-Za-z][\w.-]*)(?::(\d+))?(?:/.*)?$")
_CACHES = frozenset({"redis", "memcached"})
# a word of a variable name saying its value is a place to connect to (``POSTGRES_HOST``,
# ``API_URL``, ``DBHOST``, ``KAFKA_BOOTSTRAP_SERVERS``); ``*_DB``, ``*_USER`` say a name
_HOST_WORD = re.compile(r"(?:host|hostname|url|uri|addr|address|endpoint|server|dsn)s?$")


def mark_foreign(
    services: Mapping[str, Service],
    paths: frozenset[str],
    base_images: Mapping[str, list[str]],
    dockerfiles: Mapping[str, str],
) -> None:
    """Mark compose services and Kubernetes workloads that run no Python of this repository:
    built from a directory without Python files, or running an image that is not a known
    datastore or broker (nor a Python runtime) with none of the repository's Python mounted
    into it (:mod:`scanner.mounted_code`: ``tp33/django`` mounting ``./exp`` runs ours).
    One built from a Dockerfile whose image is a datastore's or broker's (``FROM
    postgres:15`` adding init scripts) is that datastore, as if it ran the image, unless the
    Dockerfile copies Python in (a loader job built on the image)."""
    for service in services.values():
        spec = service.compose
        if spec is None and service.kubernetes and service.path is None:
            _mark_workload(service, paths, base_images)
        if spec is None or service.image_kind is not None:
            continue
        if spec.build_context is not None:
            dockerfile = posixpath.normpath(
                posixpath.join(spec.build_context or ".", spec.dockerfile or "Dockerfile")
            )
            images = base_images.get(dockerfile, [])
            kind = classify_image(images[-1]) if images else None
            context = spec.build_context or ""
            language = _language(images, spec.image)
            python = kind is None and language in (None, "python")  # no need to look
            python = python or _copies_python(dockerfile, dockerfiles, context, paths)
            if kind is not None and not python:
                service.image_kind = kind  # ``FROM postgres`` with init scripts added, whatever
                continue  # else its build context (the repository root, say) holds
            other = not python and language not in (None, "python")  # ``FROM traefik``
            if service.path is not None and holds_python(paths, service.path) and not other:
                continue
            service.language = language
        elif service.path is not None or image_language(spec.image) == "python":
            continue  # Python run from a mounted volume (or a base to extend): code's edges
        else:
            service.language = image_language(spec.image)
        service.foreign = True


def _copies_python(
    dockerfile: str, dockerfiles: Mapping[str, str], context: str, paths: frozenset[str]
) -> bool:
    """Whether a Dockerfile copies Python files from its build context into the image."""
    text = dockerfiles.get(dockerfile)
    stage = parse_dockerfile(text, dockerfile).stage() if text is not None else None
    copied = copied_from_context(stage, context) if stage is not None else ()
    return any(path.endswith(".py") or holds_python(paths, path) for _, path, _ in copied)


def _mark_workload(
    service: Service, paths: frozenset[str], base_images: Mapping[str, list[str]]
) -> None:
    """A Kubernetes workload running no Python of this repository. Its code is the one
    directory named like it (or its image) that holds a Dockerfile and no Python, as in
    ``src/<name>/``; the language is that Dockerfile's, else the image's. A datastore or
    broker is classified already; a Python image runs code from elsewhere, not ours to
    guess at."""
    if service.image_kind is not None:
        return
    names = {service.name, image_name(service.image)}
    found = [d for d in base_images if posixpath.basename(posixpath.dirname(d)) in names]
    directories = {posixpath.dirname(d) for d in found}
    if len(directories) == 1 and not holds_python(paths, next(iter(directories))):
        images = [i for d in found for i in base_images[d]]
        service.image_kind = classify_image(images[-1]) if len(found) == 1 and images else None
        if service.image_kind is not None:  # built ``FROM mongo``: a datastore, not code
            return
        service.path = next(iter(directories))
        language = _language(images, service.image)
    else:
        language = image_language(service.image)
    if language != "python":
        service.language, service.foreign = language, True


def _language(images: list[str], image: str | None) -> str | None:
    """The last known language of a Dockerfile's stages (the image that runs), else the
    image's own."""
    languages = [lang for lang in map(image_language, images) if lang is not None]
    return languages[-1] if languages else image_language(image)


def add_config_edges(
    graph: ServiceGraph, services: Mapping[str, Service], proxies: Collection[str] = ()
) -> None:
    """The edges foreign services' configuration declares, with provenance ``config``.
    ``proxies`` run a proxy configuration whose routes are their edges: their ``depends_on``
    is start-up order only."""
    hosts = HostMap(services.values())
    for service in sorted(services.values(), key=lambda s: s.name):
        if not service.foreign or graph.node(Node(NodeKind.SERVICE, service.name).id) is None:
            continue
        source = Node(NodeKind.SERVICE, service.name).id
        depends = service.name not in proxies and not is_tool_image(service.run_image)
        declared = _declared(service, hosts.seen_from(service), depends)
        for target, evidence, kind in declared:
            if target is service or (target.image_kind and target.image_kind.role == "broker"):
                continue
            add_config_edge(graph, source, target, evidence, kind)


def add_config_edge(
    graph: ServiceGraph,
    source: str,
    target: Service,
    evidence: Evidence,
    kind: EdgeKind = EdgeKind.HTTP,
    detail: Mapping[str, frozenset[str]] | None = None,
) -> None:
    """An edge with provenance ``config`` to a declared service (drawn when nothing has
    drawn it yet); ``db``/``cache`` when the target is a datastore, ``grpc`` when it is a
    service that serves only gRPC (its code registers servicers and no web app). ``detail``
    (the routes a proxy sends there) applies to an ``http`` or ``grpc`` edge only."""
    node = _target_node(graph, target)
    if node.kind == NodeKind.DATASTORE:
        kind = EdgeKind.CACHE if node.technology in _CACHES else EdgeKind.DB
    elif kind == EdgeKind.HTTP and node.technology == "grpc":
        kind = EdgeKind.GRPC
    provenance = frozenset({Provenance.CONFIG})
    extra = dict(detail or {}) if kind in (EdgeKind.HTTP, EdgeKind.GRPC) else {}
    graph.add_edge(Edge(source, node.id, kind, provenance, frozenset({evidence}), extra))


Declared = tuple[Service, Evidence, EdgeKind]


def _declared(service: Service, hosts: HostMap, depends: bool = True) -> Iterator[Declared]:
    spec = service.compose
    if spec is not None:
        for name in spec.depends_on if depends else ():
            target = hosts.service(name)
            if target is not None:
                line = spec.depends_lines.get(name, spec.line)
                evidence = Evidence(spec.file, line, note=f"depends_on {name}")
                yield target, evidence, _protocol(target, None, None)
        command = job_command(spec)
        for name in client_hosts(command) if runs_client(command) else []:
            target = hosts.service(name)
            if target is not None:  # a client job's ``mysql -h db``: db (or cache) edge
                note = f"command host {name}"
                yield target, Evidence(spec.file, spec.line, note=note), EdgeKind.DB
    for key, entry in sorted(service.env.items()):
        scheme, host, port = _address_of(entry.value)
        if scheme is None and port is None and not _names_host(key):
            continue  # a bare word under ``POSTGRES_DB``, ``*_USER``: a name, not a host
        target = hosts.service(host) if host else None
        if target is not None:
            note = f"{key}={redact(key, entry.value)}"
            evidence = Evidence(entry.path, entry.line, note=note)
            yield target, evidence, _protocol(target, scheme, port)


def _names_host(key: str) -> bool:
    """Whether an environment variable's name says its value is an address: a word of it
    ending in ``host``, ``url``, ``addr``, ``server``… (``REDIS_HOST``, ``USERS_API_URL``)."""
    return any(_HOST_WORD.search(word) for word in re.split(r"[_.-]+", key.lower()))


def _protocol(target: Service, scheme: str | None, port: int | None) -> EdgeKind:
    """``grpc`` when the URL says so, or the target's port (its only ports, when the value
    names none) is a gRPC one by its Kubernetes declaration; else ``http``."""
    if scheme is not None:
        return EdgeKind.GRPC if scheme.startswith("grpc") else EdgeKind.HTTP
    if port is not None:
        return EdgeKind.GRPC if port in target.grpc_ports else EdgeKind.HTTP
    only_grpc = bool(target.grpc_ports) and target.ports <= target.grpc_ports
    return EdgeKind.GRPC if only_grpc else EdgeKind.HTTP


def _address_of(value: str) -> tuple[str | None, str | None, int | None]:
    """The scheme, host and port a URL or ``host[:port]`` value names; Nones for anything
    else."""
    value = value.strip()
    if "://" in value:
        try:
            parts = urlsplit(value)
            return parts.scheme.lower(), parts.hostname, parts.port
        except ValueError:
            return None, None, None
    match = _HOST_PORT.match(value)
    if match is None:
        return None, None, None
    port = match.group(2)
    return None, match.group(1), int(port) if port else None


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
