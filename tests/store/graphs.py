"""Graphs the store tests save and load."""

from __future__ import annotations

from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    Node,
    NodeKind,
    Provenance,
    ScanInfo,
    Severity,
    Traffic,
    detail_of,
    node_id,
)


def shop_graph(source: str = "/repos/shop", commit: str | None = "3f2a9c1") -> ServiceGraph:
    """A small graph that uses every field of the model, so a round trip proves them all."""
    graph = ServiceGraph(
        ScanInfo(source=source, commit=commit, time="2026-11-28T19:00:00Z", tool_version="0.1.0")
    )
    orders = Node(
        NodeKind.SERVICE,
        "orders",
        technology="fastapi",
        aliases=frozenset({"orders-svc", "orders.internal"}),
        path="services/orders",
        routes=frozenset({"GET /orders/{id}", "POST /orders"}),
        owners=frozenset({"team-checkout"}),
        provenance=frozenset({Provenance.STATIC, Provenance.CONFIG}),
        evidence=frozenset({Evidence(path="docker-compose.yml", line=4, note="service")}),
        attributes={"language": "python", "image": "shop/orders:1.2"},
    )
    for node in (
        orders,
        Node(NodeKind.SERVICE, "payments", path="services/payments"),
        Node(NodeKind.DATASTORE, "orders-db", technology="postgres"),
        Node(NodeKind.QUEUE, "order-events", technology="kafka"),
        Node(NodeKind.EXTERNAL, "api.stripe.com"),
    ):
        graph.add_node(node)
    svc = node_id(NodeKind.SERVICE, "orders")
    graph.add_edge(
        Edge(
            svc,
            node_id(NodeKind.SERVICE, "payments"),
            EdgeKind.HTTP,
            provenance=frozenset({Provenance.STATIC, Provenance.TRACE}),
            evidence=frozenset(
                {
                    Evidence(path="services/orders/app.py", line=12, note="requests.post"),
                    Evidence(trace_id="4bf92f3577b34da6a3ce929d0e0e4736"),
                }
            ),
            detail=detail_of(routes=["POST /charges"]),
            traffic=Traffic(
                calls=120,
                errors=3,
                p50_ms=8.5,
                p95_ms=40.0,
                p99_ms=None,
                first_seen="2026-11-28T10:00:00Z",
                last_seen="2026-11-28T11:00:00Z",
            ),
        )
    )
    graph.add_edge(
        Edge(
            svc,
            node_id(NodeKind.DATASTORE, "orders-db"),
            EdgeKind.DB,
            detail=detail_of(tables=["orders", "order_lines"], databases=["shop"]),
        )
    )
    graph.add_edge(Edge(svc, node_id(NodeKind.QUEUE, "order-events"), EdgeKind.PUBLISH))
    graph.add_edge(
        Edge(
            node_id(NodeKind.SERVICE, "payments"),
            node_id(NodeKind.EXTERNAL, "api.stripe.com"),
            EdgeKind.HTTP,
        )
    )
    graph.add_diagnostics(
        [
            Diagnostic("services/payments/broken.py", 3, Severity.ERROR, "syntax-error", "bad"),
            Diagnostic("services/orders/app.py", None, Severity.WARNING, "unresolved-url", "?"),
        ]
    )
    return graph


def observed_graph(source: str = "traces/export.json") -> ServiceGraph:
    """What trace ingestion stores: every node and edge seen in traces only, with traffic."""
    graph = ServiceGraph(ScanInfo(source=source, time="2026-11-28T19:30:00Z"))
    trace = frozenset({Provenance.TRACE})
    for node in (
        Node(NodeKind.SERVICE, "orders-service", provenance=trace),
        Node(NodeKind.DATASTORE, "10.0.3.7:5432", technology="postgres", provenance=trace),
    ):
        graph.add_node(node)
    graph.add_edge(
        Edge(
            node_id(NodeKind.SERVICE, "orders-service"),
            node_id(NodeKind.DATASTORE, "10.0.3.7:5432"),
            EdgeKind.DB,
            provenance=trace,
            evidence=frozenset({Evidence(trace_id="0af7651916cd43dd8448eb211c80319c")}),
            traffic=Traffic(calls=40, errors=1, p50_ms=2.0, p95_ms=9.5, p99_ms=15.0),
        )
    )
    return graph
