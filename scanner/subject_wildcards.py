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

A subject built at run time (``f"events.message.{id}"``) is a pattern of the subjects it can
take: its unknown whole tokens read as ``*`` (:func:`runtime_subject`). Its publish edges go
to the wildcard subscriptions that cover every subject it can take (``events.*.*``); with
none, the pattern stays a node of its own.
"""

from __future__ import annotations

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Node, NodeKind, merge_detail
from scanner.addresses import MARK, marked_text
from scanner.values import Value

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


def runtime_subject(resolved: Value) -> str | None:
    """A subject whose unknown parts are whole tokens, as a pattern (``events.message.*``);
    None when nothing is unknown, or an unknown part is only a piece of a token."""
    tokens = marked_text(resolved).split(".")
    unknown = [MARK in t for t in tokens]
    if not any(unknown) or "" in tokens or any(MARK in t and t.strip(MARK) for t in tokens):
        return None
    return ".".join("*" if u else t for t, u in zip(tokens, unknown, strict=True))


def join_wildcards(graph: ServiceGraph) -> None:
    """Redraw run-time subjects onto the subscriptions covering them, then wildcard
    subscriptions onto the concrete subjects they match (see above)."""
    subjects = [n for n in graph.nodes(NodeKind.QUEUE) if n.technology in TECHNOLOGIES]
    _join_runtime_publishes(graph, subjects)
    subjects = [n for n in subjects if graph.node(n.id) is not None]
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


def _join_runtime_publishes(graph: ServiceGraph, subjects: list[Node]) -> None:
    """Publish-only wildcard nodes (run-time subjects) onto the wildcard subscriptions that
    cover them: a subscription to ``events.*.*`` receives what ``events.message.<id>`` gets."""
    kinds = {n.id: {e.kind for e in graph.edges_of(n.id)} for n in subjects}
    subscriptions = [
        n for n in subjects if is_wildcard(n.name) and kinds[n.id] == {EdgeKind.CONSUME}
    ]
    for node in subjects:
        if not is_wildcard(node.name) or kinds[node.id] != {EdgeKind.PUBLISH}:
            continue
        targets = [s for s in subscriptions if matches(s.name, node.name)]
        if targets:
            for edge in graph.edges_of(node.id):
                for target in targets:
                    graph.add_edge(_redrawn(edge, target))
            graph.remove_node(node.id)


def _redrawn(edge: Edge, target: Node) -> Edge:
    detail = {k: v for k, v in edge.detail.items() if k != "topics"}
    detail = merge_detail(detail, {"topics": frozenset({target.name})})
    return Edge(edge.source, target.id, edge.kind, edge.provenance, edge.evidence, detail)
