"""Which Redis lists are queues, decided once the whole repository is assembled.

:mod:`scanner.detectors.redis_lists` reports every push and pop of a Redis list with a
nameable key; most lists are not queues. A list node is kept when a blocking pop consumes it
(reported with destination kind ``queue``, so its edge carries the key in detail ``queues``)
or when the repository both pushes to it and pops from it; it is then typed ``list`` and
every edge to it names the key under ``queues``. Any other list node is removed, with an info
diagnostic at each place it was used, so the reader can see why it is not drawn.
"""

from __future__ import annotations

from dataclasses import replace

from catalog_api.graph import ServiceGraph
from catalog_api.model import Diagnostic, Edge, EdgeKind, Node, NodeKind, Severity, merge_detail

KINDS = frozenset({"list", "queue"})


def settle_list_queues(graph: ServiceGraph) -> None:
    """Keep the Redis lists that are queues (see above), drop the others."""
    for node in graph.nodes(NodeKind.QUEUE):
        if node.technology != "redis" or node.attributes.get("type") not in KINDS:
            continue
        edges = graph.edges_of(node.id)
        blocking = any(node.name in e.detail.get("queues", ()) for e in edges)
        both_sides = {e.kind for e in edges} >= {EdgeKind.PUBLISH, EdgeKind.CONSUME}
        if blocking or both_sides:
            _keep(graph, node, edges)
        else:
            _drop(graph, node, edges)


def _keep(graph: ServiceGraph, node: Node, edges: list[Edge]) -> None:
    graph.remove_node(node.id)  # re-added with its type settled; its edges go with it
    graph.add_node(replace(node, attributes={**node.attributes, "type": "list"}))
    for edge in edges:
        detail = merge_detail(edge.detail, {"queues": frozenset({node.name})})
        graph.add_edge(replace(edge, detail=detail))


def _drop(graph: ServiceGraph, node: Node, edges: list[Edge]) -> None:
    pushed = all(e.kind == EdgeKind.PUBLISH for e in edges)
    side = "pushed but never popped" if pushed else "popped but never pushed"
    message = (
        f"redis list {node.name} is {side} in the repository and never waited on with a "
        "blocking pop: not drawn as a queue"
    )
    for edge in edges:
        for evidence in sorted(edge.evidence):
            if evidence.path is not None:
                where = (evidence.path, evidence.line)
                graph.add_diagnostic(Diagnostic(*where, Severity.INFO, "list-not-queue", message))
    graph.remove_node(node.id)
