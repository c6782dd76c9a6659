"""RabbitMQ queues fed both through an exchange and directly, joined to their consumers.

A consumer of a queue bound to an exchange is drawn against the exchange (the queue goes in
the edge's ``queues`` detail; see docs/graph-format.md). When another service publishes to
that same queue through the default exchange (``basic_publish(exchange="",
routing_key="orders")``), its edge goes to a queue node named after the queue, which would
then show a publisher and no consumer. So once every service's findings are in the graph,
each such queue node with publishers but no consumer is given the consume edges of the
services that consume it through a binding (their evidence kept), so the publish reaches
them.
"""

from __future__ import annotations

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, NodeKind, merge_detail

TECHNOLOGIES = frozenset({"rabbitmq"})


def join_direct_queues(graph: ServiceGraph) -> None:
    """Give directly fed queue nodes the consumers their bindings have (see above)."""
    queues = [n for n in graph.nodes(NodeKind.QUEUE) if n.technology in TECHNOLOGIES]
    bound: dict[str, list[Edge]] = {}  # queue name -> consume edges to exchanges naming it
    for node in queues:
        for edge in graph.edges_of(node.id):
            if edge.kind == EdgeKind.CONSUME and edge.target == node.id:
                for queue in edge.detail.get("queues", ()):
                    if queue != node.name:
                        bound.setdefault(queue, []).append(edge)
    for node in queues:
        consumers = bound.get(node.name)
        edges = [e for e in graph.edges_of(node.id) if e.target == node.id]
        if not consumers or any(e.kind == EdgeKind.CONSUME for e in edges):
            continue
        if not any(e.kind == EdgeKind.PUBLISH for e in edges):
            continue
        for edge in consumers:
            detail = merge_detail({}, {"queues": frozenset({node.name})})
            graph.add_edge(
                Edge(edge.source, node.id, EdgeKind.CONSUME, edge.provenance, edge.evidence, detail)
            )
