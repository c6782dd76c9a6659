"""Kubernetes manifests: workloads, their environment, and the Services that front them.

Reads Deployments, StatefulSets, DaemonSets, Jobs and CronJobs (containers' ``env`` with
``value`` or ``valueFrom.configMapKeyRef``, and ``envFrom.configMapRef``), ConfigMaps (their
``data``) and Services (name and selector; a Service selecting a workload's pod labels makes
its name an alias of the workload). Secrets' values are never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from catalog_api.model import Diagnostic
from scanner.config.dotenv import EnvEntry
from scanner.config.yamlfile import Y
from scanner.services import Service

WORKLOADS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"})


@dataclass
class KubernetesScan:
    services: list[Service] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def kubernetes_services(docs: Mapping[str, list[Y]]) -> KubernetesScan:
    found = KubernetesScan()
    manifests = [(path, doc) for path, items in sorted(docs.items()) for doc in _flatten(items)]
    config_maps = {
        _name(doc): doc.get("data")
        for _, doc in manifests
        if _kind(doc) == "ConfigMap" and _name(doc)
    }
    k8s_services = [doc for _, doc in manifests if _kind(doc) == "Service"]
    for path, doc in manifests:
        if _kind(doc) not in WORKLOADS or not _name(doc):
            continue
        pod = _pod_template(doc)
        service = Service(_name(doc), None)
        for container in _at(pod, "spec", "containers").elements() if pod else []:
            service.env.update(_container_env(container, path, config_maps))
        labels = _at(pod, "metadata", "labels") if pod else Y(None, 0)
        label_map = {k: v.text for k, v in labels.items()}
        for svc in k8s_services:
            selector = {k: v.text for k, v in _at(svc, "spec", "selector").items()}
            if selector and all(label_map.get(k) == v for k, v in selector.items()):
                service.aliases.add(_name(svc))
        service.aliases.discard(service.name)
        found.services.append(service)
    return found


def _flatten(items: list[Y]) -> list[Y]:
    out = []
    for doc in items:
        if _kind(doc) == "List":
            out += _at(doc, "items").elements()
        else:
            out.append(doc)
    return out


def _kind(doc: Y) -> str:
    return (doc.get("kind") or Y(None, 0)).text or ""


def _name(doc: Y) -> str:
    return _at(doc, "metadata", "name").text or ""


def _at(doc: Y | None, *keys: str) -> Y:
    node: Y | None = doc
    for key in keys:
        node = node.get(key) if node is not None else None
    return node if node is not None else Y(None, 0)


def _pod_template(doc: Y) -> Y | None:
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
            env[name] = EnvEntry(literal.text, path, literal.line)
            continue
        ref = _at(item, "valueFrom", "configMapKeyRef")
        data = config_maps.get(_at(ref, "name").text or "")
        key = _at(ref, "key").text or ""
        entry = data.get(key) if data is not None else None
        if entry is not None and entry.text is not None:
            env[name] = EnvEntry(entry.text, path, entry.line)
    return env
