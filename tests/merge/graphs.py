"""Small hand-built graphs for the merge tests: a scanned shop and what traces saw of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Edge,
    EdgeKind,
    Evidence,
    Node,
    NodeKind,
    Provenance,
    ScanInfo,
    Traffic,
    detail_of,
    node_id,
)

STATIC = frozenset({Provenance.STATIC})
CONFIG = frozenset({Provenance.CONFIG})
TRACE = frozenset({Provenance.TRACE})


def static_node(
    kind: NodeKind,
    name: str,
    technology: str | None = None,
    *,
    aliases: Iterable[str] = (),
    attributes: Mapping[str, str] | None = None,
) -> Node:
    return Node(
        kind,
        name,
        technology,
        aliases=frozenset(aliases),
        provenance=CONFIG,
        evidence=frozenset({Evidence("docker-compose.yml", 3, note=f"service {name}")}),
        attributes=dict(attributes or {}),
    )


def observed_node(kind: NodeKind, name: str, technology: str | None = None) -> Node:
    return Node(kind, name, technology, provenance=TRACE)


def graph_of(nodes: Iterable[Node], source: str = "static") -> ServiceGraph:
    graph = ServiceGraph(ScanInfo(source=source, time="2026-11-28T20:00:00Z"))
    for node in nodes:
        graph.add_node(node)
    return graph


def code_edge(source: str, target: str, kind: EdgeKind, where: str, **detail: list[str]) -> Edge:
    path, line = where.split(":")
    return Edge(
        source,
        target,
        kind,
        STATIC,
        frozenset({Evidence(path, int(line))}),
        detail_of(**detail),
    )


def traffic_edge(
    source: str, target: str, kind: EdgeKind, calls: int, trace_id: str, **detail: list[str]
) -> Edge:
    return Edge(
        source,
        target,
        kind,
        TRACE,
        frozenset({Evidence(trace_id=trace_id)}),
        detail_of(**detail),
        Traffic(
            calls=calls,
            errors=calls // 50,
            p50_ms=4.0,
            p95_ms=float(calls) / 10,
            p99_ms=float(calls) / 5,
            first_seen="2026-11-28T19:00:00.000Z",
            last_seen="2026-11-28T19:30:00.000Z",
        ),
    )


def service(name: str) -> str:
    return node_id(NodeKind.SERVICE, name)


def datastore(name: str) -> str:
    return node_id(NodeKind.DATASTORE, name)


def scanned_shop() -> ServiceGraph:
    """orders (alias orders-service) calls payments, writes orders-db, caches in redis,
    publishes order-events and imports shared code; billing-db is a second Postgres."""
    graph = graph_of(
        [
            static_node(NodeKind.SERVICE, "orders", aliases=["orders-service", "orders_svc"]),
            static_node(NodeKind.SERVICE, "payments", attributes={"url": "http://payments:8080"}),
            static_node(NodeKind.SERVICE, "shared"),
            static_node(
                NodeKind.DATASTORE,
                "orders-db",
                "postgres",
                aliases=["orders-db.internal"],
                attributes={"host": "10.0.3.7", "port": "5432"},
            ),
            static_node(NodeKind.DATASTORE, "billing-db", "postgres"),
            static_node(NodeKind.DATASTORE, "redis", "redis"),
            static_node(NodeKind.QUEUE, "order-events", "kafka"),
        ],
        source="examples/shop",
    )
    for edge in (
        code_edge(service("orders"), service("payments"), EdgeKind.HTTP, "orders/pay.py:12",
                  routes=["POST /charges"]),
        code_edge(service("orders"), datastore("orders-db"), EdgeKind.DB, "orders/db.py:8",
                  tables=["orders"]),
        code_edge(service("orders"), datastore("redis"), EdgeKind.DB, "orders/cache.py:4"),
        code_edge(service("orders"), node_id(NodeKind.QUEUE, "order-events"),
                  EdgeKind.PUBLISH, "orders/events.py:20"),
        code_edge(service("orders"), service("shared"), EdgeKind.IMPORT, "orders/app.py:1"),
        code_edge(service("payments"), datastore("billing-db"), EdgeKind.DB, "payments/db.py:5"),
    ):  # fmt: skip
        graph.add_edge(edge)
    return graph


def traced_shop(source: str = "traces.json") -> ServiceGraph:
    """What traces saw: orders under its service.name, its database by address, Redis as a
    cache, a call to fraud nobody wrote code for, and the user calling in. Traces from any
    other ``source`` also saw orders publish order events."""
    graph = graph_of(
        [
            observed_node(NodeKind.EXTERNAL, "user"),
            observed_node(NodeKind.SERVICE, "orders-service"),
            observed_node(NodeKind.SERVICE, "payments"),
            observed_node(NodeKind.SERVICE, "fraud"),
            observed_node(NodeKind.DATASTORE, "10.0.3.7:5432", "postgres"),
            observed_node(NodeKind.DATASTORE, "redis", "redis"),
        ],
        source=source,
    )
    user = node_id(NodeKind.EXTERNAL, "user")
    if source != "traces.json":
        graph.add_node(observed_node(NodeKind.QUEUE, "order-events", "kafka"))
        events = node_id(NodeKind.QUEUE, "order-events")
        graph.add_edge(traffic_edge(service("orders-service"), events, EdgeKind.PUBLISH, 80, "t06"))
    for edge in (
        traffic_edge(user, service("orders-service"), EdgeKind.HTTP, 500, "t01"),
        traffic_edge(service("orders-service"), service("payments"), EdgeKind.HTTP, 300, "t02",
                     routes=["POST /charges"]),
        traffic_edge(service("orders-service"), datastore("10.0.3.7:5432"), EdgeKind.DB, 900,
                     "t03", tables=["orders", "order_lines"]),
        traffic_edge(service("orders-service"), datastore("redis"), EdgeKind.CACHE, 1200, "t04"),
        traffic_edge(service("orders-service"), service("fraud"), EdgeKind.HTTP, 100, "t05"),
    ):  # fmt: skip
        graph.add_edge(edge)
    return graph
