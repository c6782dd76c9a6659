"""Pairing spans into calls: each case the servicegraph connector handles, and the ones its
time-limited store loses."""

from __future__ import annotations

from catalog_api.model import EdgeKind
from scanner.traces import SpanKind, SpanLink, TraceAggregator
from scanner.traces.span import AttrValue
from tests.traces.helpers import derive, edge, ingest, keys, span

C, S = SpanKind.CLIENT, SpanKind.SERVER
P, K = SpanKind.PRODUCER, SpanKind.CONSUMER


def test_client_paired_with_server_when_server_span_is_its_child() -> None:
    graph = derive(
        span("c1", "web", C, None, {"server.address": "orders"}, ms=30),
        span("s1", "orders", S, "c1", {"http.route": "/orders/{id}", "http.request.method": "GET"}),
    )

    call = edge(graph, "service:web", "service:orders", "http")
    assert call.traffic is not None and call.traffic.calls == 1
    assert call.traffic.p50_ms is not None and abs(call.traffic.p50_ms - 30) < 0.3  # caller's view
    assert graph.node("external:orders") is None  # answered, so not an uninstrumented peer
    node = graph.node("service:orders")
    assert node is not None and node.routes == frozenset({"GET /orders/{id}"})


def test_queue_between_producer_and_consumer_when_messaging_spans() -> None:
    kafka = {"messaging.system": "kafka", "messaging.destination.name": "orders"}
    graph = derive(
        span("p1", "orders", P, None, kafka),
        span("k1", "shipping", K, "p1", kafka, start_ms=50),
    )

    assert keys(graph) == {
        ("service:orders", "queue:orders", "publish"),
        ("service:shipping", "queue:orders", "consume"),
    }
    queue = graph.node("queue:orders")
    assert queue is not None and queue.technology == "kafka"
    assert edge(graph, "service:orders", "queue:orders", "publish").detail == {
        "topics": frozenset({"orders"})
    }


def test_nats_subject_is_listed_as_a_topic_when_published_as_the_scanner_lists_it() -> None:
    nats = {"messaging.system": "nats", "messaging.destination.name": "orders.created"}
    graph = derive(span("p1", "orders", P, None, nats))
    published = edge(graph, "service:orders", "queue:orders.created", "publish")
    assert published.detail == {"topics": frozenset({"orders.created"})}


def test_consumer_uses_producer_destination_when_it_names_none_itself() -> None:
    graph = derive(
        span(
            "p1",
            "api",
            P,
            None,
            {"messaging.system": "rabbitmq", "messaging.destination.name": "jobs"},
        ),
        span("k1", "worker", K, "p1", {"messaging.system": "rabbitmq"}),
    )

    assert ("service:worker", "queue:jobs", "consume") in keys(graph)


def test_datastore_node_when_client_span_has_db_attributes() -> None:
    graph = derive(
        span(
            "c1",
            "orders",
            C,
            None,
            {"db.system": "postgresql", "server.address": "orders-db", "db.sql.table": "orders"},
        )
    )

    db = edge(graph, "service:orders", "datastore:orders-db", "db")
    assert db.detail == {"tables": frozenset({"orders"})}
    node = graph.node("datastore:orders-db")
    assert node is not None and node.technology == "postgres"


def test_cache_edge_when_datastore_is_redis() -> None:
    graph = derive(
        span("c1", "cart", C, None, {"db.system.name": "redis", "server.address": "redis"})
    )

    assert keys(graph) == {("service:cart", "datastore:redis", "cache")}


def test_datastore_named_by_peer_address_when_no_host_is_known() -> None:
    attrs: dict[str, AttrValue] = {
        "db.system": "postgresql",
        "network.peer.address": "10.0.3.7",
        "network.peer.port": 5432,
    }
    graph = derive(span("c1", "orders", C, None, attrs))

    assert keys(graph) == {("service:orders", "datastore:10.0.3.7:5432", "db")}


def test_uninstrumented_peer_named_by_server_address_when_no_server_span_answers() -> None:
    graph = derive(
        span(
            "c1",
            "checkout",
            C,
            None,
            {
                "server.address": "api.stripe.com",
                "url.full": "https://api.stripe.com/v1/charges/ch_1",
                "http.request.method": "POST",
            },
            error=True,
        )
    )

    call = edge(graph, "service:checkout", "external:api.stripe.com", "http")
    assert call.traffic is not None and (call.traffic.calls, call.traffic.errors) == (1, 1)
    assert call.detail == {"routes": frozenset({"POST /v1/charges/ch_1"})}


def test_uninstrumented_peer_is_a_service_when_peer_service_names_it() -> None:
    graph = derive(
        span("c1", "web", C, None, {"peer.service": "legacy-billing", "server.address": "10.1.1.1"})
    )

    assert keys(graph) == {("service:web", "service:legacy-billing", "http")}


def test_root_server_span_called_by_user_when_it_has_no_caller() -> None:
    graph = derive(
        span("s1", "frontend", S, None, {"http.route": "/", "http.request.method": "GET"})
    )

    assert keys(graph) == {("external:user", "service:frontend", "http")}
    user = graph.node("external:user")
    assert user is not None and user.name == "user"


def test_each_attempt_counted_when_client_retried_with_several_server_children() -> None:
    graph = derive(
        span("c1", "web", C, None, {"server.address": "orders"}, ms=100),
        span("s1", "orders", S, "c1", error=True, start_ms=1, ms=5),
        span("s2", "orders", S, "c1", error=True, start_ms=20, ms=6),
        span("s3", "orders", S, "c1", start_ms=50, ms=40),
    )

    call = edge(graph, "service:web", "service:orders", "http")
    assert call.traffic is not None
    assert (call.traffic.calls, call.traffic.errors) == (3, 2)
    assert call.traffic.p99_ms is not None and call.traffic.p99_ms < 41  # attempts, not the client


def test_late_server_spans_paired_when_they_arrive_in_a_second_file() -> None:
    graph = ingest("late_part1.json", "late_part2.json")

    call = edge(graph, "service:gateway", "service:inventory", "http")
    assert call.traffic is not None and (call.traffic.calls, call.traffic.errors) == (5, 2)
    assert graph.node("external:inventory") is None
    assert keys(graph) == {
        ("external:user", "service:gateway", "http"),
        ("service:gateway", "service:inventory", "http"),
    }


def test_unanswered_clients_become_peers_when_the_second_file_never_comes() -> None:
    graph = ingest("late_part1.json")

    assert ("service:gateway", "external:inventory", "http") in keys(graph)


def test_server_pairs_with_client_when_a_local_span_sits_between() -> None:
    graph = derive(
        span("c1", "web", C, None, {"server.address": "api"}),
        span("l1", "web", SpanKind.INTERNAL, "c1"),  # a caller-side local span (Zipkin style)
        span("s1", "api", S, "l1"),
    )

    assert keys(graph) == {("service:web", "service:api", "http")}


def test_inner_server_span_ignored_when_one_request_is_instrumented_twice() -> None:
    graph = derive(
        span("c1", "web", C, None, {"server.address": "api"}),
        span("s1", "api", S, "c1"),
        span("s2", "api", S, "s1"),  # e.g. ASGI middleware and the framework both
    )

    call = edge(graph, "service:web", "service:api", "http")
    assert call.traffic is not None and call.traffic.calls == 1


def test_grpc_edge_with_method_when_rpc_system_is_grpc() -> None:
    grpc = {"rpc.system": "grpc", "rpc.service": "shop.Stock", "rpc.method": "Reserve"}
    graph = derive(
        span("c1", "cart", C, None, dict(grpc)), span("s1", "stock", S, "c1", dict(grpc))
    )

    assert edge(graph, "service:cart", "service:stock", "grpc").detail == {
        "methods": frozenset({"shop.Stock/Reserve"})
    }


def test_span_link_followed_when_consumer_starts_a_new_trace() -> None:
    graph = derive(
        span(
            "p1",
            "api",
            P,
            None,
            {"messaging.system": "aws_sqs", "messaging.destination.name": "jobs"},
            trace="a" * 32,
        ),
        span(
            "k1",
            "worker",
            K,
            None,
            {"messaging.system": "aws_sqs"},
            trace="b" * 32,
            links=(SpanLink("a" * 32, "p1"),),
        ),
    )

    assert ("service:worker", "queue:jobs", "consume") in keys(graph)
    queue = graph.node("queue:jobs")
    assert queue is not None and queue.technology == "sqs"


def test_span_link_followed_when_consumer_file_comes_before_producer_file() -> None:
    graph = ingest("links_consumer.json", "links_producer.json")

    assert keys(graph) == {
        ("service:api", "queue:jobs", "publish"),
        ("service:worker", "queue:jobs", "consume"),
    }


def test_linked_service_is_caller_when_root_server_span_links_to_it() -> None:
    graph = derive(
        span("c1", "scheduler", C, None, trace="a" * 32),
        span("s1", "reports", S, None, trace="b" * 32, links=(SpanLink("a" * 32, "c1"),)),
    )

    assert ("service:scheduler", "service:reports", "http") in keys(graph)
    assert graph.node("external:user") is None


def test_oldest_waiting_traces_resolved_when_more_spans_wait_than_allowed() -> None:
    aggregator = TraceAggregator(max_waiting=2)
    for n in range(5):
        aggregator.add(
            [span(f"c{n}", "web", C, None, {"server.address": "ext"}, trace=f"{n:032x}")]
        )
        aggregator.flush()

    assert aggregator.waiting == 2
    call = aggregator.graph().edge("service:web", "external:ext", EdgeKind.HTTP)
    assert call is not None and call.traffic is not None and call.traffic.calls == 3


def test_one_call_counted_when_client_spans_nest_and_a_server_answers() -> None:
    graph = derive(
        span("c1", "web", C, None, {"http.request.method": "GET", "url.full": "http://api/x"}),
        span("c2", "web", C, "c1", {"server.address": "api"}),  # urllib3 under requests
        span("s1", "api", S, "c2"),
    )

    assert keys(graph) == {("service:web", "service:api", "http")}


def test_one_call_counted_when_client_spans_nest_and_no_server_answers() -> None:
    graph = derive(
        span("c1", "web", C, None, {"url.full": "https://api.github.com/repos"}),
        span("c2", "web", C, "c1", {"server.address": "api.github.com"}),
    )

    call = edge(graph, "service:web", "external:api.github.com", "http")
    assert call.traffic is not None and call.traffic.calls == 1


def test_route_spelled_as_the_scanner_does_when_the_server_reports_a_flask_route() -> None:
    flask_route = {"http.route": "/orders/<int:order_id>", "http.request.method": "GET"}
    graph = derive(
        span("c1", "web", C, None, {"server.address": "orders"}),
        span("s1", "orders", S, "c1", flask_route),
    )

    node = graph.node("service:orders")
    assert node is not None and node.routes == frozenset({"GET /orders/{order_id}"})
    assert edge(graph, "service:web", "service:orders", "http").detail["routes"] == {
        "GET /orders/{order_id}"
    }
