"""Each input format is read from its content, whatever the file is called."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from scanner.traces import SpanKind, SpanLink, decode_file, ingest_files, json_batch
from tests.traces.helpers import FIXTURES, edge, ingest, keys


def test_spans_decoded_when_otlp_json_uses_camel_case_and_hex_ids() -> None:
    spans = decode_file(FIXTURES / "otlp_checkout.json")

    assert len(spans) == 8
    client = next(s for s in spans if s.span_id == "a000000000000003")
    assert client.trace_id == "0af7651916cd43dd8448eb211c80319c"
    assert client.parent_id == "a000000000000001"
    assert (client.service, client.kind, client.error) == ("frontend", SpanKind.CLIENT, True)
    assert client.attributes["server.port"] == 443
    assert client.duration_ns == 40_000_000


def test_spans_decoded_when_lines_hold_snake_case_requests_with_base64_ids() -> None:
    spans = decode_file(FIXTURES / "otlp_legacy.jsonl")

    assert len(spans) == 8
    server = next(s for s in spans if s.service == "catalog" and s.kind is SpanKind.SERVER)
    assert server.trace_id == "5b8efff798038103d269b633813fc60c"
    assert server.span_id == "e200000000000001"
    assert server.parent_id == "d100000000000002"
    assert server.attributes["http.route"] == "/items/{item_id}"


def test_graph_derived_when_file_is_otlp_json() -> None:
    graph = ingest("otlp_checkout.json")

    assert keys(graph) == {
        ("external:user", "service:frontend", "http"),
        ("service:frontend", "service:orders", "http"),
        ("service:frontend", "external:api.stripe.com", "http"),
        ("service:orders", "datastore:orders-db", "db"),
        ("service:orders", "datastore:redis", "cache"),
        ("service:orders", "queue:order-events", "publish"),
        ("service:shipping", "queue:order-events", "consume"),
    }
    call = edge(graph, "service:frontend", "service:orders", "http")
    assert call.detail == {"routes": frozenset({"GET /orders/{id}"})}
    assert call.traffic is not None and call.traffic.calls == 1


def test_graph_derived_when_file_is_jaeger_api_response() -> None:
    graph = ingest("jaeger_api.json")

    assert keys(graph) == {
        ("external:user", "service:frontend", "http"),
        ("service:frontend", "service:cart", "http"),
        ("service:cart", "datastore:cart-cache", "cache"),
        ("service:cart", "queue:cart-events", "publish"),
        ("service:recommender", "queue:cart-events", "consume"),
    }
    failing = edge(graph, "service:frontend", "service:cart", "http").traffic
    assert failing is not None and failing.errors == 1  # from the tag error=true


def test_follows_from_reference_leads_consumer_to_producer_queue_when_jaeger() -> None:
    spans = decode_file(FIXTURES / "jaeger_api.json")
    consumer = next(s for s in spans if s.kind is SpanKind.CONSUMER)

    assert consumer.parent_id == "0000000000000b03"
    assert "messaging.destination" not in consumer.attributes


def test_graph_derived_when_file_is_one_trace_downloaded_from_jaeger_ui() -> None:
    graph = ingest("jaeger_ui_trace.json")

    check = edge(graph, "service:gateway", "service:auth", "grpc")
    assert check.detail == {"methods": frozenset({"auth.Tokens/Check"})}
    assert check.traffic is not None and check.traffic.errors == 1  # otel.status_code=ERROR


def test_graph_derived_when_file_is_zipkin_v2_json() -> None:
    graph = ingest("zipkin_shared.json")

    assert ("service:frontend", "service:backend", "http") in keys(graph)


def test_links_read_when_otlp_span_has_them() -> None:
    (consumer,) = decode_file(FIXTURES / "links_consumer.json")

    assert consumer.links == (SpanLink("a0a00000000000000000000000000001", "a0000000000000f1"),)


def test_format_told_from_content_when_file_name_says_nothing(tmp_path: Path) -> None:
    for name in ("otlp_checkout.json", "jaeger_api.json", "zipkin_shared.json"):
        shutil.copy(FIXTURES / name, tmp_path / f"{name}.dat")

    graph = ingest_files(sorted(tmp_path.iterdir()))

    assert graph.node("service:recommender") is not None  # Jaeger
    assert graph.node("service:backend") is not None  # Zipkin
    assert graph.node("service:shipping") is not None  # OTLP
    assert graph.diagnostics == []


def test_spans_decoded_when_file_is_gzip_compressed(tmp_path: Path) -> None:
    packed = tmp_path / "traces.json.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "jaeger_ui_trace.json").read_bytes()))

    assert len(decode_file(packed)) == 2


def test_graph_derived_when_lines_use_old_attribute_names() -> None:
    graph = ingest("otlp_legacy.jsonl")

    assert keys(graph) == {
        ("external:user", "service:web", "http"),
        ("service:web", "service:catalog", "http"),
        ("service:web", "datastore:catalog-db", "db"),
        ("service:web", "queue:emails", "publish"),
        ("service:web", "external:10.0.3.7:8080", "http"),
        ("service:mailer", "queue:emails", "consume"),
        ("service:catalog", "external:pricing", "grpc"),
    }
    assert edge(graph, "external:user", "service:web", "http").detail == {
        "routes": frozenset({"GET /items/{id}"})
    }
    queue = graph.node("queue:emails")
    assert queue is not None and queue.technology == "rabbitmq"


def test_spans_decoded_when_jaeger_v2_wraps_otlp_json_in_result(tmp_path: Path) -> None:
    wrapped = tmp_path / "api_v3.json"
    wrapped.write_text('{"result": ' + (FIXTURES / "otlp_checkout.json").read_text() + "}")

    assert len(decode_file(wrapped)) == 8


def test_equal_looking_json_attribute_values_of_other_types_stay_apart() -> None:
    """The JSON reader reads each distinct attribute set once; ``1``, ``1.0`` and ``true``
    are equal in Python but different facts, so they are different sets."""
    values = [{"intValue": "1"}, {"doubleValue": 1.0}, {"boolValue": True}, {"intValue": "1"}]
    spans = [
        {
            "traceId": "0af7651916cd43dd8448eb211c80319c",
            "spanId": f"{n + 1:016x}",
            "kind": 2,
            "startTimeUnixNano": "1",
            "endTimeUnixNano": "2",
            "attributes": [{"key": "server.port", "value": value}],
        }
        for n, value in enumerate(values)
    ]
    doc = {"resourceSpans": [{"scopeSpans": [{"spans": spans}]}]}
    batch = json_batch.read(json.dumps(doc).encode())
    assert batch is not None
    found = [batch.attributes(i)["server.port"] for i in range(len(spans))]
    assert [(v, type(v)) for v in found] == [(1, int), (1.0, float), (True, bool), (1, int)]
    assert len({batch.items[0], batch.items[1], batch.items[2]}) == 3
    assert batch.items[0] is batch.items[3]  # one object per distinct set
