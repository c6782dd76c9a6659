"""NATS wildcard subscriptions joined to the concrete subjects they cover.

A subscriber to ``orders.*`` receives what is published to ``orders.created``; a separate
``orders.*`` node would leave publisher and subscriber unconnected. So once every service's
findings are in the graph, each NATS queue node whose subject holds a wildcard token (``*``:
exactly one token, ``>``: one or more trailing tokens) is matched against the concrete NATS
subjects of the graph (published or subscribed anywhere in the repository). When some match,
the wildcard node's consume edges are redrawn to each of them (evidence kept: its note still
names the pattern) and the wildcard node goes. When none matches, the node keeps the subject
as written: a subscription to subjects only other systems publish is still a dependency.
Publishing to a wildcard is not valid NATS; such an edge keeps its node as written.
"""

from __future__ import annotations

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Node, NodeKind, merge_detail

TECHNOLOGIES = frozenset({"nats"})


def is_wildcard(subject: str) -> bool:
    tokens = subject.split(".")
    return "*" in tokens or tokens[-1] == ">"


def matches(pattern: str, subject: str) -> bool:
    """Whether NATS delivers messages published on ``subject`` to a ``pattern`` subscriber."""
    wanted, given = pattern.split("."), subject.split(".")
    for position, token in enumerate(wanted):
        if token == ">" and position == len(wanted) - 1:
            return len(given) > position
        if position >= len(given) or (token != "*" and token != given[position]):
            return False
    return len(wanted) == len(given)


def join_wildcards(graph: ServiceGraph) -> None:
    """Redraw wildcard subscriptions onto the concrete subjects they match (see above)."""
    subjects = [n for n in graph.nodes(NodeKind.QUEUE) if n.technology in TECHNOLOGIES]
    concrete = [n for n in subjects if not is_wildcard(n.name)]
    for node in subjects:
        if not is_wildcard(node.name):
            continue
        targets = [c for c in concrete if matches(node.name, c.name)]
        edges = graph.edges_of(node.id)
        if not targets or any(e.kind != EdgeKind.CONSUME for e in edges):
            continue
        for edge in edges:
            for target in targets:
                graph.add_edge(_redrawn(edge, target))
        graph.remove_node(node.id)


def _redrawn(edge: Edge, target: Node) -> Edge:
    detail = {k: v for k, v in edge.detail.items() if k != "topics"}
    detail = merge_detail(detail, {"topics": frozenset({target.name})})
    return Edge(edge.source, target.id, edge.kind, edge.provenance, edge.evidence, detail)
