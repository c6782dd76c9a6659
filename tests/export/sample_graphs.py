"""Hand-built graphs shared by the export, API and web tests.

``small_graph`` is the golden-file graph: every node kind, several edge kinds and one hostile
name. ``shop_graph`` is a realistic system for the map screenshot and the browser tests.
"""

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

HOSTILE_NAME = 'we"ird <svc>\nline2 ünïcødé ✓ \\ & #1 `x`'
XSS_NAME = '<img src=x onerror="window.__pwned=1">'

STATIC = frozenset({Provenance.STATIC})


def _service(name: str, **facts: object) -> Node:
    return Node(kind=NodeKind.SERVICE, name=name, provenance=STATIC, **facts)  # type: ignore[arg-type]


def _edge(
    source: str, target: str, kind: EdgeKind, path: str, line: int, **detail: list[str]
) -> Edge:
    return Edge(
        source=source,
        target=target,
        kind=kind,
        provenance=STATIC,
        evidence=frozenset({Evidence(path=path, line=line)}),
        detail=detail_of(**detail),
    )


def small_graph() -> ServiceGraph:
    """Two services, a hostile-named service, a datastore, a cache, a queue, an external."""
    graph = ServiceGraph(
        ScanInfo(source="tests/small", commit="abc123", time="2026-01-02T03:04:05Z")
    )
    orders = node_id(NodeKind.SERVICE, "orders")
    payments = node_id(NodeKind.SERVICE, "payments")
    hostile = node_id(NodeKind.SERVICE, HOSTILE_NAME)
    db = node_id(NodeKind.DATASTORE, "catalog-db")
    redis = node_id(NodeKind.DATASTORE, "redis")
    queue = node_id(NodeKind.QUEUE, "order-events")
    stripe = node_id(NodeKind.EXTERNAL, "api.stripe.com")
    graph.add_node(
        _service(
            "orders",
            technology="fastapi",
            aliases=frozenset({"orders-svc"}),
            path="services/orders",
            routes=frozenset({"GET /orders/{id}", "POST /orders"}),
        )
    )
    graph.add_node(_service("payments", technology="flask", path="services/payments"))
    graph.add_node(_service(HOSTILE_NAME, path="services/weird"))
    graph.add_node(Node(kind=NodeKind.DATASTORE, name="catalog-db", technology="postgres"))
    graph.add_node(Node(kind=NodeKind.DATASTORE, name="redis", technology="redis"))
    graph.add_node(Node(kind=NodeKind.QUEUE, name="order-events", technology="rabbitmq"))
    graph.add_node(Node(kind=NodeKind.EXTERNAL, name="api.stripe.com"))
    graph.add_edge(
        _edge(
            orders,
            payments,
            EdgeKind.HTTP,
            "services/orders/client.py",
            12,
            routes=["POST /charges"],
        )
    )
    graph.add_edge(_edge(orders, db, EdgeKind.DB, "services/orders/db.py", 8, tables=["orders"]))
    graph.add_edge(_edge(orders, queue, EdgeKind.PUBLISH, "services/orders/events.py", 20))
    graph.add_edge(_edge(payments, queue, EdgeKind.CONSUME, "services/payments/worker.py", 5))
    graph.add_edge(_edge(payments, stripe, EdgeKind.HTTP, "services/payments/stripe.py", 31))
    graph.add_edge(_edge(hostile, orders, EdgeKind.IMPORT, "services/weird/app.py", 1))
    graph.add_edge(_edge(hostile, redis, EdgeKind.CACHE, "services/weird/app.py", 2))
    return graph


def shop_graph() -> ServiceGraph:
    """A small online shop: gateway, five services, stores, brokers and two SaaS hosts,
    plus a service with an XSS-shaped name."""
    graph = ServiceGraph(
        ScanInfo(
            source="examples/shop",
            commit="9f3c2e1d4b5a",
            time="2026-11-28T18:30:00Z",
            tool_version="0.1.0",
        )
    )
    services = {
        "gateway": ("fastapi", ["GET /", "GET /api/{path}"]),
        "catalog": ("django", ["GET /products", "GET /products/{id}"]),
        "orders": ("fastapi", ["GET /orders/{id}", "POST /orders"]),
        "payments": ("flask", ["POST /charges"]),
        "shipping": ("aiohttp", ["POST /shipments"]),
        "notifications": ("celery", []),
        "recommendations": ("grpc", []),
        XSS_NAME: (None, []),
    }
    for name, (tech, routes) in services.items():
        graph.add_node(
            _service(
                name,
                technology=tech,
                path=f"services/{name}" if name != XSS_NAME else "services/xss",
                aliases=frozenset({f"{name}-svc"}) if name != XSS_NAME else frozenset(),
                routes=frozenset(routes),
            )
        )
    stores = {
        "catalog-db": "postgres",
        "orders-db": "postgres",
        "redis": "redis",
        "product-images": "s3",
    }
    for name, tech in stores.items():
        graph.add_node(Node(kind=NodeKind.DATASTORE, name=name, technology=tech))
    for name, tech in {"order-events": "rabbitmq", "emails": "celery"}.items():
        graph.add_node(Node(kind=NodeKind.QUEUE, name=name, technology=tech))
    for host in ("api.stripe.com", "smtp.sendgrid.net"):
        graph.add_node(Node(kind=NodeKind.EXTERNAL, name=host))

    def sid(name: str) -> str:
        return node_id(NodeKind.SERVICE, name)

    edges = [
        (
            sid("gateway"),
            sid("catalog"),
            EdgeKind.HTTP,
            "services/gateway/routes.py",
            14,
            {"routes": ["GET /products"]},
        ),
        (
            sid("gateway"),
            sid("orders"),
            EdgeKind.HTTP,
            "services/gateway/routes.py",
            27,
            {"routes": ["POST /orders", "GET /orders/{id}"]},
        ),
        (
            sid("gateway"),
            sid("recommendations"),
            EdgeKind.GRPC,
            "services/gateway/recs.py",
            9,
            {"methods": ["shop.Recs/ForUser"]},
        ),
        (
            sid("catalog"),
            node_id(NodeKind.DATASTORE, "catalog-db"),
            EdgeKind.DB,
            "services/catalog/models.py",
            3,
            {"tables": ["products"]},
        ),
        (
            sid("catalog"),
            node_id(NodeKind.DATASTORE, "product-images"),
            EdgeKind.DB,
            "services/catalog/images.py",
            18,
            {},
        ),
        (
            sid("catalog"),
            node_id(NodeKind.DATASTORE, "redis"),
            EdgeKind.CACHE,
            "services/catalog/cache.py",
            7,
            {},
        ),
        (
            sid("orders"),
            node_id(NodeKind.DATASTORE, "orders-db"),
            EdgeKind.DB,
            "services/orders/db.py",
            11,
            {"tables": ["orders", "order_lines"]},
        ),
        (
            sid("orders"),
            sid("payments"),
            EdgeKind.HTTP,
            "services/orders/payments_client.py",
            22,
            {"routes": ["POST /charges"]},
        ),
        (
            sid("orders"),
            node_id(NodeKind.QUEUE, "order-events"),
            EdgeKind.PUBLISH,
            "services/orders/events.py",
            40,
            {},
        ),
        (
            sid("shipping"),
            node_id(NodeKind.QUEUE, "order-events"),
            EdgeKind.CONSUME,
            "services/shipping/consumer.py",
            15,
            {"queues": ["shipping.orders"]},
        ),
        (
            sid("orders"),
            node_id(NodeKind.QUEUE, "emails"),
            EdgeKind.PUBLISH,
            "services/orders/tasks.py",
            5,
            {"tasks": ["send_receipt"]},
        ),
        (
            sid("notifications"),
            node_id(NodeKind.QUEUE, "emails"),
            EdgeKind.CONSUME,
            "services/notifications/worker.py",
            9,
            {"tasks": ["send_receipt"]},
        ),
        (
            sid("notifications"),
            node_id(NodeKind.EXTERNAL, "smtp.sendgrid.net"),
            EdgeKind.HTTP,
            "services/notifications/mail.py",
            30,
            {},
        ),
        (
            sid("payments"),
            node_id(NodeKind.EXTERNAL, "api.stripe.com"),
            EdgeKind.HTTP,
            "services/payments/stripe_client.py",
            19,
            {},
        ),
        (
            sid("recommendations"),
            node_id(NodeKind.DATASTORE, "redis"),
            EdgeKind.CACHE,
            "services/recommendations/store.py",
            12,
            {},
        ),
        (sid("shipping"), sid("orders"), EdgeKind.IMPORT, "services/shipping/models.py", 2, {}),
        (sid(XSS_NAME), sid("catalog"), EdgeKind.HTTP, "services/xss/app.py", 4, {}),
    ]
    for source, target, kind, path, line, detail in edges:
        graph.add_edge(_edge(source, target, kind, path, line, **detail))
    graph.replace_edge(
        Edge(
            source=sid("gateway"),
            target=sid("orders"),
            kind=EdgeKind.HTTP,
            provenance=frozenset({Provenance.STATIC, Provenance.TRACE}),
            evidence=frozenset(
                {
                    Evidence(path="services/gateway/routes.py", line=27),
                    Evidence(trace_id="4bf92f3577b34da6"),
                }
            ),
            detail=detail_of(routes=["POST /orders", "GET /orders/{id}"]),
            traffic=Traffic(calls=1200, errors=3, p50_ms=12.5, p95_ms=80.0),
        )
    )
    graph.add_diagnostic(
        Diagnostic(
            "services/legacy/broken.py", 3, Severity.WARNING, "syntax-error", "invalid syntax"
        )
    )
    return graph


def traffic_graph() -> ServiceGraph:
    """The three looks of an edge: seen in code only, in code and traffic, in traffic only."""
    graph = ServiceGraph(ScanInfo(source="tests/traffic", time="2026-11-28T20:00:00Z"))
    for name in ("orders", "payments", "fraud"):
        graph.add_node(_service(name))
    graph.add_node(Node(kind=NodeKind.QUEUE, name="order-events", technology="kafka"))
    orders, payments, fraud = (
        node_id(NodeKind.SERVICE, n) for n in ("orders", "payments", "fraud")
    )
    trace = frozenset({Provenance.TRACE})
    graph.add_edge(
        _edge(orders, node_id(NodeKind.QUEUE, "order-events"), EdgeKind.PUBLISH, "o/ev.py", 4)
    )
    confirmed = _edge(orders, payments, EdgeKind.HTTP, "o/pay.py", 12, routes=["POST /charges"])
    graph.add_edge(confirmed)
    graph.replace_edge(
        Edge(
            orders,
            payments,
            EdgeKind.HTTP,
            provenance=STATIC | trace,
            evidence=confirmed.evidence | {Evidence(trace_id="5b8efff798038103")},
            detail=confirmed.detail,
            traffic=Traffic(calls=1200, errors=3, p50_ms=12.5, p95_ms=80.0, p99_ms=140.0),
        )
    )
    graph.add_edge(
        Edge(
            orders,
            fraud,
            EdgeKind.GRPC,
            provenance=trace,
            evidence=frozenset({Evidence(trace_id="0af7651916cd43dd")}),
            traffic=Traffic(calls=40, errors=0, p95_ms=1500.0),
        )
    )
    return graph
