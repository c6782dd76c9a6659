"""Kubernetes Ingress resources: which Services the cluster's edge routes requests to.

Reads ``networking.k8s.io/v1`` Ingresses (``spec.rules[].http.paths[].backend.service`` with
``name`` and ``port.number``/``port.name``, and ``spec.defaultBackend``) and the older
``extensions/v1beta1`` and ``networking.k8s.io/v1beta1`` ones (``backend.serviceName`` and
``servicePort``, ``spec.backend``), with the rule's host and path. Backends naming a
``resource`` (a bucket, not a Service) lead to no service and are skipped. The ingress class
(``spec.ingressClassName``, else the ``kubernetes.io/ingress.class`` annotation) and an
ingress-nginx ``backend-protocol`` of ``GRPC``/``GRPCS`` are kept. An Ingress repeated in
copies (kustomize overlays, release bundles: :mod:`scanner.config.kubernetes_manifests`) is
read once: the base declaration's backends, and a copy's only for Services it routes none to.
Also read: each Service's ``externalName`` (an Ingress may route to an outside host).

Ingress-like resources are read into the same shape, what they route to being a Service as
an Ingress backend is: Gateway API ``HTTPRoute`` (``spec.hostnames``,
``rules[].matches[].path.value``, ``rules[].backendRefs[]``) and Traefik's ``IngressRoute``
(``spec.routes[].match`` rules such as ``Host(`a.example.com`) && PathPrefix(`/api`)``,
``routes[].services[]``); a backend of another kind (a ``TraefikService``) is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from scanner.config.kubernetes_manifests import at, kind_of, name_of, ordered_manifests
from scanner.config.yamlfile import Y

_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
_PROTOCOL_ANNOTATION = "nginx.ingress.kubernetes.io/backend-protocol"
_TRAEFIK_GROUPS = ("traefik.io/", "traefik.containo.us/")
_GATEWAY_GROUP = "gateway.networking.k8s.io/"
_RULE = re.compile(r"\b(Host|PathPrefix|Path)\(\s*[`\"']([^`\"']*)[`\"']")


@dataclass(frozen=True, slots=True)
class IngressBackend:
    """One Service an Ingress sends requests to, and for which host and path."""

    service: str
    port: str | None  # the Service's port, by number or name
    host: str | None  # None: any host
    path: str | None  # None: the default backend (whatever no rule matches)
    file: str  # the manifest (a copy's backend is cited in the copy)
    line: int  # of the backend's Service name


@dataclass
class Ingress:
    name: str
    file: str
    line: int
    ingress_class: str | None = None  # an HTTPRoute's Gateway
    kind: str = "Ingress"
    grpc: bool = False  # the controller speaks gRPC to the backends
    backends: list[IngressBackend] = field(default_factory=list)


@dataclass
class IngressScan:
    ingresses: list[Ingress] = field(default_factory=list)
    services: set[str] = field(default_factory=set)  # every Service the manifests declare
    external_names: dict[str, str] = field(default_factory=dict)  # Service -> outside host


def kubernetes_ingresses(docs: Mapping[str, list[Y]]) -> IngressScan:
    found = IngressScan()
    by_name: dict[tuple[str, str], Ingress] = {}
    for path, doc in ordered_manifests(docs):
        kind, name = kind_of(doc), name_of(doc)
        if kind == "Service" and name:
            found.services.add(name)
            external = at(doc, "spec", "externalName").text
            if external:
                found.external_names.setdefault(name, external.lower().rstrip("."))
        ingress = _resource(doc, path, name) if name else None
        if ingress is None:
            continue
        known = by_name.get((kind, name))
        if known is None:
            by_name[kind, name] = ingress
            found.ingresses.append(ingress)
            continue
        routed = {b.service for b in known.backends}
        known.backends += [b for b in ingress.backends if b.service not in routed]
        known.ingress_class = known.ingress_class or ingress.ingress_class
    return found


def _resource(doc: Y, path: str, name: str) -> Ingress | None:
    """The routes of an Ingress, an ``HTTPRoute`` or an ``IngressRoute``; None for the rest."""
    version = at(doc, "apiVersion").text or ""
    if kind_of(doc) == "Ingress":
        return _ingress(doc, path, name)
    if kind_of(doc) == "HTTPRoute" and version.startswith(_GATEWAY_GROUP):
        return _http_route(doc, path, name)
    if kind_of(doc) == "IngressRoute" and version.startswith(_TRAEFIK_GROUPS):
        return _ingress_route(doc, path, name)
    return None


def _ingress(doc: Y, path: str, name: str) -> Ingress:
    annotations = at(doc, "metadata", "annotations")
    ingress_class = at(doc, "spec", "ingressClassName").text
    protocol = (at(annotations, _PROTOCOL_ANNOTATION).text or "").upper()
    ingress = Ingress(name, path, doc.line, grpc=protocol in ("GRPC", "GRPCS"))
    ingress.ingress_class = ingress_class or at(annotations, _CLASS_ANNOTATION).text
    spec = at(doc, "spec")
    for default in (at(spec, "defaultBackend"), at(spec, "backend")):
        ingress.backends += _backend(default, path, None, None)
    for rule in at(spec, "rules").elements():
        host = at(rule, "host").text
        for entry in at(rule, "http", "paths").elements():
            route = at(entry, "path").text or "/"  # no path: every path of the host
            ingress.backends += _backend(at(entry, "backend"), path, host, route)
    return ingress


def _backend(backend: Y, file: str, host: str | None, path: str | None) -> list[IngressBackend]:
    """The Service a backend names (v1 ``service`` or v1beta1 ``serviceName``), if any."""
    service = at(backend, "service")
    if service.value is not None:
        name = at(service, "name")
        port = at(service, "port", "number").text or at(service, "port", "name").text
    else:
        name, port = at(backend, "serviceName"), at(backend, "servicePort").text
    if not name.text:
        return []
    return [IngressBackend(name.text, port, host, path, file, name.line)]


def _http_route(doc: Y, path: str, name: str) -> Ingress:
    spec = at(doc, "spec")
    gateway = next((at(p, "name").text for p in at(spec, "parentRefs").elements()), None)
    route = Ingress(name, path, doc.line, gateway, kind="HTTPRoute")
    host = next(iter(at(spec, "hostnames").texts()), None)
    for rule in at(spec, "rules").elements():
        paths = [p for m in at(rule, "matches").elements() if (p := at(m, "path", "value").text)]
        for ref in at(rule, "backendRefs").elements():
            service = at(ref, "name")
            if service.text and at(ref, "kind").text in (None, "Service"):
                port = at(ref, "port").text
                route.backends += [
                    IngressBackend(service.text, port, host, p, path, service.line)
                    for p in paths or ["/"]
                ]
    return route


def _ingress_route(doc: Y, path: str, name: str) -> Ingress:
    route = Ingress(name, path, doc.line, "traefik", kind="IngressRoute")
    for entry in at(doc, "spec", "routes").elements():
        rules = _RULE.findall(at(entry, "match").text or "")
        host = next((value for rule, value in rules if rule == "Host"), None)
        paths = [value for rule, value in rules if rule != "Host"] or ["/"]
        for ref in at(entry, "services").elements():
            service = at(ref, "name")
            if service.text and at(ref, "kind").text in (None, "Service"):
                port = at(ref, "port").text
                route.backends += [
                    IngressBackend(service.text, port, host, p, path, service.line) for p in paths
                ]
    return route
