"""Versions of one service: the workloads a Kubernetes Service load-balances over.

Canary and mesh setups (Istio's bookinfo) run one Deployment per version (``reviews-v1``,
``reviews-v2``, ``reviews-v3``, pod labels ``app: reviews, version: v1..v3``) behind one
Service ``reviews`` selecting ``app: reviews``. Callers reach the Service, so it is the
logical service: its workloads are one service named after it, the Deployments' names kept
as aliases and their images as its versions. Only workloads whose names differ from each
other by a version suffix alone are read so (a broad selector such as ``part-of: shop``
picks unrelated workloads, which stay apart); a lone workload is renamed only when its
name is the Service's plus such a suffix (``productpage-v1`` behind ``productpage``). A
workload two Services claim so, or a Service named like a workload it does not select,
keeps the workload's own name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from scanner.services import Service

# ``-v1``, ``-v2.1``, ``-v1beta``, and the usual rollout tracks
_VERSION_SUFFIX = re.compile(
    r"[-_](?:v\d[a-z0-9.]*|canary|stable|blue|green|primary|baseline)$", re.IGNORECASE
)


def version_stem(name: str) -> str:
    """The name without a version suffix (``reviews`` of ``reviews-v2``)."""
    return _VERSION_SUFFIX.sub("", name)


def one_per_service(
    workloads: list[Service],
    selected_by: Mapping[str, list[str]],
    fill_in: Callable[[Service, Service], None],
) -> list[Service]:
    """``workloads`` with the versions of each Kubernetes Service (``selected_by``: the
    Services whose selector picks each workload's pods) joined into one named after it."""
    claims: dict[str, list[str]] = {}  # workload -> the Services reading it as a version
    for service_name, members in _selected(workloads, selected_by).items():
        if _versions_of(service_name, members, workloads):
            for member in members:
                claims.setdefault(member.name, []).append(service_name)
    joined: dict[str, Service] = {}
    out: list[Service] = []
    for workload in workloads:
        names = claims.get(workload.name, [])
        if len(names) != 1:  # unclaimed, or two Services' version: its own name
            out.append(workload)
            continue
        version = (workload.name, workload.image or "")
        base = joined.get(names[0])
        if base is None:
            joined[names[0]] = workload
            workload.aliases.add(workload.name)
            workload.name = names[0]
            workload.versions.append(version)
            out.append(workload)
        else:
            fill_in(base, workload)
            base.aliases.add(workload.name)
            base.versions.append(version)
    for service in joined.values():
        service.aliases.discard(service.name)
    return out


def _selected(
    workloads: list[Service], selected_by: Mapping[str, list[str]]
) -> dict[str, list[Service]]:
    found: dict[str, list[Service]] = {}
    for workload in workloads:
        for service_name in dict.fromkeys(selected_by.get(workload.name, [])):  # copies too
            found.setdefault(service_name, []).append(workload)
    return found


def _versions_of(service_name: str, members: list[Service], workloads: list[Service]) -> bool:
    """Whether ``members`` are versions of one service the Service ``service_name`` is."""
    stems = {version_stem(m.name) for m in members}
    if len(stems) != 1 or any(w.name == service_name for w in workloads if w not in members):
        return False
    if len(members) == 1:
        only = members[0].name
        return only != service_name and version_stem(only) == service_name
    return len({m.name for m in members}) == len(members)
