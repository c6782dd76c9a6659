"""Where the system's services and datastores are reached, written onto their nodes.

Traces name an uninstrumented peer by what the wire shows (``10.0.3.7:5432``), so a node the
scan draws must carry the addresses its configuration fixes for it, or the two never merge.
Read from compose (fixed ``ipv4_address``/``ipv6_address`` with the container's ports, else
the technology's default port; published ports as ``localhost:PORT``) and Kubernetes (a
Service's fixed cluster, external and load-balancer IPs with its ports). Written as the
node's ``addresses`` attribute, a comma-separated list of ``host[:port]``, the form the
trace merge reads. Nothing is guessed: a node without fixed addresses gets none.
"""

from __future__ import annotations

from collections.abc import Mapping

from catalog_api.graph import ServiceGraph
from catalog_api.model import Evidence, Node, NodeKind
from scanner.config.compose import ComposeService, port_mapping
from scanner.images import DEFAULT_PORTS
from scanner.services import Service

_LOOPBACK = ("localhost", "127.0.0.1")


def compose_addresses(spec: ComposeService, technology: str | None) -> set[str]:
    """``ip:port`` for the service's fixed IPs and ``host:port`` for its published ports."""
    published: set[str] = set()
    container: set[str] = set()
    for entry in spec.ports:
        host_ip, host_port, target = port_mapping(entry)
        if target:
            container.add(target)
        if host_port:
            hosts = _LOOPBACK if host_ip in (None, "0.0.0.0", "::") else (_bracketed(host_ip),)
            published |= {f"{h}:{host_port}" for h in hosts}
    container |= {p for e in spec.expose if (p := port_mapping(e)[2])}
    if not container and technology in DEFAULT_PORTS:
        container.add(str(DEFAULT_PORTS[technology]))
    fixed = {_bracketed(ip) for ip in spec.ip_addresses}
    at_ips = {f"{ip}:{port}" for ip in fixed for port in container} or fixed
    return published | at_ips


def annotate(graph: ServiceGraph, services: Mapping[str, Service]) -> None:
    """Add each drawn service's (or datastore's) fixed addresses, and a Kubernetes-only
    one's image and declaring manifest, to its node."""
    for service in sorted(services.values(), key=lambda s: s.name):
        node = _drawn(graph, service.name)
        if node is None:
            continue
        technology = service.image_kind.technology if service.image_kind else None
        found = set(service.addresses)
        if service.compose is not None:
            found |= compose_addresses(service.compose, technology)
        attributes = {"addresses": ",".join(sorted(found))} if found else {}
        if service.image and service.compose is None:
            attributes["image"] = service.image
        if len(service.versions) > 1:  # Deployments one Kubernetes Service joins
            attributes["versions"] = ",".join(f"{n}={image}" for n, image in service.versions)
        evidence = set()
        if service.kubernetes and service.declared_by is not None:
            file, line, note = service.declared_by
            evidence.add(Evidence(file, line, note=note))
        if attributes or evidence:
            extra = Node(
                node.kind,
                node.name,
                path=node.path,  # the root's "" would lose to None when merged
                attributes=attributes,
                evidence=frozenset(evidence),
            )
            graph.add_node(extra)


def _drawn(graph: ServiceGraph, name: str) -> Node | None:
    for kind in (NodeKind.SERVICE, NodeKind.DATASTORE):
        node = graph.node(Node(kind, name).id)
        if node is not None:
            return node
    return None


def _bracketed(ip: str) -> str:
    return f"[{ip}]" if ":" in ip and not ip.startswith("[") else ip
