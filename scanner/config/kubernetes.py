"""Kubernetes manifests: workloads, their environment, and the Services that front them.

Reads Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods (containers' image,
``command``/``args`` and ``env`` with ``value`` (``$(OTHER)`` references to earlier
variables expanded, as the kubelet does) or ``valueFrom.configMapKeyRef``, and
``envFrom.configMapRef``), ConfigMaps (their ``data``) and Services (name and selector; a
Service selecting a workload's pod labels makes its name an alias of the workload, and its
fixed ``clusterIP``, ``externalIPs`` and ``loadBalancerIP`` with its ports are where the
workload is reached; the workloads one Service selects as versions, ``reviews-v1..v3``,
are one service named after it: :mod:`scanner.config.kubernetes_versions`). A workload
repeated in several files (kustomize bases and overlays, release bundles) is read once: the
declaration outside overlay and release directories (else the first by path) gives its
values, copies only fill in what it lacks. Secrets' values are never read. A workload named
like a code directory but for ``-``/``_`` and case (Deployment ``event-bus``, package
``event_bus/``) runs that directory's code (:mod:`scanner.code_names`); Ingresses are read
by :mod:`scanner.config.kubernetes_ingress`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from catalog_api.model import Diagnostic
from scanner.code_names import holding, spelled_like
from scanner.config.dotenv import EnvEntry
from scanner.config.kubernetes_manifests import at as _at
from scanner.config.kubernetes_manifests import kind_of as _kind
from scanner.config.kubernetes_manifests import name_of as _name
from scanner.config.kubernetes_manifests import ordered_manifests
from scanner.config.kubernetes_versions import one_per_service, version_stem
from scanner.config.yamlfile import Y
from scanner.images import classify_image, image_language, image_name, served_datastore
from scanner.services import Service

_DEPENDENT = re.compile(r"\$?\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")

WORKLOADS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"})


@dataclass
class KubernetesScan:
    services: list[Service] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def kubernetes_services(
    docs: Mapping[str, list[Y]], paths: frozenset[str] = frozenset()
) -> KubernetesScan:
    """The workloads of the manifests in ``docs``; with the repository's ``paths``, one
    named (or running an image named) like a code directory but for ``-``/``_`` and case
    (``event-bus`` of ``event_bus/``) runs that directory's code."""
    found = KubernetesScan()
    manifests = ordered_manifests(docs)
    config_maps: dict[str, Y | None] = {}
    for _, doc in manifests:  # the base's ConfigMap, not an overlay's copy
        if _kind(doc) == "ConfigMap" and _name(doc):
            config_maps.setdefault(_name(doc), doc.get("data"))
    k8s_services = [doc for _, doc in manifests if _kind(doc) == "Service"]
    by_name: dict[str, Service] = {}
    containers: dict[str, list[str | None]] = {}  # workload -> its containers' names
    selected_by: dict[str, list[str]] = {}  # workload -> the Services selecting its pods
    for path, doc in manifests:
        if _kind(doc) not in WORKLOADS or not _name(doc):
            continue
        pod = _pod_template(doc)
        service = Service(_name(doc), None, kubernetes=True)
        service.declared_by = (path, doc.line, f"kubernetes {_kind(doc)} {_name(doc)}")
        for container in _at(pod, "spec", "containers").elements() if pod else []:
            service.image = service.image or _at(container, "image").text
            service.command = service.command or _container_command(container)
            service.env.update(_container_env(container, path, config_maps))
            _container_ports(service, container)
            containers.setdefault(service.name, []).append(_at(container, "name").text)
        service.image_kind = classify_image(service.image)
        service.mounted = _mounted_files(pod, path, config_maps)
        labels = _at(pod, "metadata", "labels") if pod else Y(None, 0)
        label_map = {k: v.text for k, v in labels.items()}
        for svc in k8s_services:
            selector = {k: v.text for k, v in _at(svc, "spec", "selector").items()}
            if selector and all(label_map.get(k) == v for k, v in selector.items()):
                service.aliases.add(_name(svc))
                selected_by.setdefault(service.name, []).append(_name(svc))
                service.addresses |= service_addresses(svc)
                _service_ports(service, svc)
        service.aliases.discard(service.name)
        if service.image_kind is None and image_language(service.image) is None:
            service.image_kind = served_datastore(service.env, service.ports)
        known = by_name.get(service.name)
        if known is None:
            by_name[service.name] = service
            found.services.append(service)
        else:
            _fill_in(known, service)
    named = {s.name: s for s in found.services}
    found.services = one_per_service(found.services, selected_by, _fill_in)
    for service in found.services:
        workloads = [name for name, _ in service.versions] or [service.name]
        stems = [version_stem(name) for name in workloads]
        images = [image_name(named[name].image) for name in workloads]
        held = [c for name in workloads for c in containers.get(name, [])]
        names = [service.name, *stems, *images, *held]
        service.path = _code_directory(service, names, paths)
    _by_location(found.services, paths)
    for service in found.services:
        if service.path:  # the directory's name, as when an exact name joins them
            service.aliases.add(posixpath.basename(service.path))
    return found


def _by_location(services: list[Service], paths: frozenset[str]) -> None:
    """A Python workload no name ties to code runs the code directory its manifest lies
    in (``src/auth-service/manifest/deployment.yaml`` declaring ``auth``), when it is the
    only such workload there and no workload is named for that directory."""
    claimed = {s.path for s in services if s.path}
    candidates: dict[str, list[Service]] = {}
    for service in services:
        if service.path or service.declared_by is None or service.image_kind is not None:
            continue
        if image_language(service.image) not in (None, "python"):  # another language's
            continue
        directory = holding(service.declared_by[0], paths)
        if directory is not None and directory not in claimed:
            candidates.setdefault(directory, []).append(service)
    for directory, found in candidates.items():
        if len(found) == 1:
            found[0].path = directory


def _code_directory(service: Service, names: list[str | None], paths: frozenset[str]) -> str | None:
    """The code directory named like the workload, its image or a container when only
    ``-``/``_`` and case differ; none for a datastore, broker or another language's image."""
    if service.image_kind is not None or image_language(service.image) not in (None, "python"):
        return None
    return spelled_like(names, paths)


def _fill_in(known: Service, copy: Service) -> None:
    """A later copy of a workload (an overlay patch, a bundled release) adds only what the
    first declaration lacks: a patch is partial, and the base is what every overlay shares."""
    known.aliases |= copy.aliases
    known.addresses |= copy.addresses
    known.ports |= copy.ports
    known.grpc_ports |= copy.grpc_ports
    known.mounted = known.mounted or copy.mounted
    known.image = known.image or copy.image
    known.image_kind = known.image_kind or copy.image_kind
    for key, entry in copy.env.items():
        known.env.setdefault(key, entry)


def _mounted_files(
    pod: Y | None, path: str, config_maps: Mapping[str, Y | None]
) -> list[tuple[str, int, str, str]]:
    """Configuration files the pod mounts from ConfigMaps (``volumes[].configMap``): an
    nginx or Envoy config kept in the manifest is the proxy's routes."""
    found = []
    for volume in _at(pod, "spec", "volumes").elements() if pod else []:
        data = config_maps.get(_at(volume, "configMap", "name").text or "")
        for key, value in data.items() if data is not None else []:
            if value.text is not None and key.endswith(_CONFIG_FILES):
                found.append((path, value.line, key, value.text))
    return found


_CONFIG_FILES = (".conf", ".conf.template", ".yaml", ".yml")


def _container_command(container: Y) -> str | None:
    """What a container runs when its manifest says (``command`` then ``args``), as one
    line like a compose ``command``: a copy of a compose service runs the same."""
    words = [*_at(container, "command").texts(), *_at(container, "args").texts()]
    return " ".join(words) or None


def _container_ports(service: Service, container: Y) -> None:
    """A container's ports; gRPC ones are named so or probed with ``grpc:``."""
    for entry in _at(container, "ports").elements():
        port = _port(_at(entry, "containerPort"))
        if port is not None:
            service.ports.add(port)
            if _is_grpc(_at(entry, "name").text):
                service.grpc_ports.add(port)
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        port = _port(_at(container, probe, "grpc", "port"))
        if port is not None:
            service.grpc_ports.add(port)


def _service_ports(service: Service, svc: Y) -> None:
    """A Service's ports (and the container ports they forward to); a port named ``grpc``
    (``grpc-*``) or with ``appProtocol`` grpc/h2c, or forwarding to a gRPC container port,
    speaks gRPC on both ends."""
    for entry in _at(svc, "spec", "ports").elements():
        port, target = _port(_at(entry, "port")), _port(_at(entry, "targetPort"))
        if port is None:
            continue
        service.ports.add(port)
        grpc = _is_grpc(_at(entry, "name").text) or _at(entry, "appProtocol").text in _H2
        if grpc or (target or port) in service.grpc_ports:
            service.grpc_ports |= {port, target or port}


_H2 = frozenset({"grpc", "kubernetes.io/h2c", "h2c"})


def _is_grpc(name: str | None) -> bool:
    return name is not None and (name == "grpc" or name.startswith(("grpc-", "grpc_")))


def _port(node: Y) -> int | None:
    return int(node.text) if node.text is not None and node.text.isdigit() else None


def service_addresses(svc: Y) -> set[str]:
    """``ip:port`` for each fixed IP of a Kubernetes Service and each of its ports."""
    spec = _at(svc, "spec")
    ips = [_at(spec, "clusterIP").text, _at(spec, "loadBalancerIP").text]
    ips += _at(spec, "externalIPs").texts() + _at(spec, "clusterIPs").texts()
    ports = [p for e in _at(spec, "ports").elements() if (p := _at(e, "port").text)]
    fixed = {ip for ip in ips if ip and ip.lower() != "none"}
    return {f"{ip}:{port}" for ip in fixed for port in ports} or fixed


def _earlier(env: Mapping[str, EnvEntry], match: re.Match[str]) -> str:
    """``$(NAME)`` as the kubelet expands it: a variable defined earlier, else left as is;
    ``$$(NAME)`` is the escaped literal."""
    if match.group(0).startswith("$$"):
        return match.group(0)[1:]
    entry = env.get(match.group(1))
    return entry.value if entry is not None else match.group(0)


def _pod_template(doc: Y) -> Y | None:
    if _kind(doc) == "Pod":
        return doc  # a bare Pod is its own template: metadata.labels and spec.containers
    if _kind(doc) == "CronJob":
        return _at(doc, "spec", "jobTemplate", "spec", "template")
    return _at(doc, "spec", "template")


def _container_env(
    container: Y, path: str, config_maps: Mapping[str, Y | None]
) -> dict[str, EnvEntry]:
    env: dict[str, EnvEntry] = {}
    for source in _at(container, "envFrom").elements():
        data = config_maps.get(_at(source, "configMapRef", "name").text or "")
        for key, value in data.items() if data is not None else []:
            if value.text is not None:
                env[key] = EnvEntry(value.text, path, value.line)
    for item in _at(container, "env").elements():
        name = _at(item, "name").text
        if not name:
            continue
        literal = item.get("value")
        if literal is not None and literal.text is not None:
            expanded = _DEPENDENT.sub(lambda m: _earlier(env, m), literal.text)
            env[name] = EnvEntry(expanded, path, literal.line)
            continue
        ref = _at(item, "valueFrom", "configMapKeyRef")
        data = config_maps.get(_at(ref, "name").text or "")
        key = _at(ref, "key").text or ""
        entry = data.get(key) if data is not None else None
        if entry is not None and entry.text is not None:
            env[name] = EnvEntry(entry.text, path, entry.line)
    return env
