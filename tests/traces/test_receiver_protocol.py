"""``POST /v1/traces`` answers as the OTLP/HTTP spec says, to a real client over a socket."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan

from catalog_api.api import create_app, otlp
from catalog_api.api.otlp_receiver import TraceReceiver
from catalog_api.model import EdgeKind
from catalog_api.store import SqliteGraphStore
from scanner.traces import decode_file
from tests.traces.helpers import FIXTURES
from tests.traces.live import serving

PROTOBUF = {"Content-Type": "application/x-protobuf"}
JSON = {"Content-Type": "application/json"}


class Server:
    def __init__(self, base: str, store: SqliteGraphStore) -> None:
        self.url = f"{base}/v1/traces"
        self.store = store

    def post(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        return httpx.post(self.url, content=body, headers=headers)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    store = SqliteGraphStore(tmp_path / "servicemap.db")
    app = create_app(store, token="s3cret", max_body_bytes=64 * 1024)
    app.state.trace_receiver = TraceReceiver(store, min_save_seconds=0)
    with serving(app) as base:
        yield Server(base, store)


AUTH = {"Authorization": "Bearer s3cret"}


def request_pb(*spans: tuple[bytes, bytes, bytes, int], service: str = "web") -> bytes:
    """An export request of (trace id, span id, parent id, kind) spans of one service."""
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    kv = resource_spans.resource.attributes.add()
    kv.key, kv.value.string_value = "service.name", service
    scope = resource_spans.scope_spans.add()
    for trace_id, span_id, parent, kind in spans:
        span = scope.spans.add(trace_id=trace_id, span_id=span_id, parent_span_id=parent, kind=kind)
        span.name, span.start_time_unix_nano, span.end_time_unix_nano = "op", 10**18, 10**18 + 10**7
        attribute = span.attributes.add()
        attribute.key, attribute.value.string_value = "server.address", "api.example.com"
    return request.SerializeToString()


TRACE = bytes(range(16))
CLIENT = ProtoSpan.SPAN_KIND_CLIENT


def test_protobuf_answer_without_partial_success_when_all_spans_are_good(server: Server) -> None:
    response = server.post(request_pb((TRACE, b"\x01" * 8, b"", CLIENT)), PROTOBUF | AUTH)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-protobuf"
    answer = ExportTraceServiceResponse.FromString(response.content)
    assert not answer.HasField("partial_success")
    graph = server.store.latest()
    assert graph is not None
    assert graph.edge("service:web", "external:api.example.com", EdgeKind.HTTP) is not None


def test_partial_success_counts_rejected_spans_when_some_ids_are_bad(server: Server) -> None:
    body = request_pb((TRACE, b"\x01" * 8, b"", CLIENT), (TRACE[:5], b"\x02" * 8, b"", CLIENT))

    response = server.post(body, PROTOBUF | AUTH)

    answer = ExportTraceServiceResponse.FromString(response.content)
    assert response.status_code == 200
    assert answer.partial_success.rejected_spans == 1
    assert "trace id must be 16 bytes" in answer.partial_success.error_message


def test_json_answer_when_request_is_otlp_json(server: Server) -> None:
    response = server.post((FIXTURES / "otlp_checkout.json").read_bytes(), JSON | AUTH)

    assert (response.status_code, response.json()) == (200, {})
    graph = server.store.latest()
    assert graph is not None and graph.node("service:shipping") is not None


def test_json_partial_success_when_a_span_has_a_bad_id(server: Server) -> None:
    request = json.loads((FIXTURES / "links_producer.json").read_text())
    spans = request["resourceSpans"][0]["scopeSpans"][0]["spans"]
    spans.append({**spans[0], "spanId": "zz"})
    response = server.post(json.dumps(request).encode(), JSON | AUTH)

    assert response.status_code == 200
    partial = response.json()["partialSuccess"]
    assert (
        partial["rejectedSpans"] == 1
        and "'zz' is not a hex or base64 span id" in partial["errorMessage"]
    )


def test_gzip_body_accepted_when_content_encoding_says_gzip(server: Server) -> None:
    body = gzip.compress(request_pb((TRACE, b"\x03" * 8, b"", CLIENT), service="gz"))

    response = server.post(body, PROTOBUF | AUTH | {"Content-Encoding": "gzip"})

    assert response.status_code == 200
    graph = server.store.latest()
    assert graph is not None and graph.node("service:gz") is not None


def test_400_with_status_and_nothing_stored_when_protobuf_is_malformed(server: Server) -> None:
    server.post(request_pb((TRACE, b"\x01" * 8, b"", CLIENT)), PROTOBUF | AUTH)

    response = server.post(b"\x0a\xff\xff\xff\xff\x0f", PROTOBUF | AUTH)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/x-protobuf"
    assert response.content[:2] == b"\x08\x03"  # google.rpc.Status code INVALID_ARGUMENT
    assert b"not an OTLP protobuf ExportTraceServiceRequest" in response.content
    assert len(server.store.snapshots()) == 1


def test_400_when_json_is_another_trace_format(server: Server) -> None:
    response = server.post((FIXTURES / "jaeger_ui_trace.json").read_bytes(), JSON | AUTH)

    assert response.status_code == 400
    assert "no resourceSpans" in response.json()["message"]


def test_400_with_json_status_when_json_is_malformed(server: Server) -> None:
    response = server.post(b'{"resourceSpans": [', JSON | AUTH)

    assert response.status_code == 400
    assert response.json()["code"] == 3 and "not valid JSON" in response.json()["message"]


def test_400_when_gzip_body_is_broken(server: Server) -> None:
    response = server.post(b"\x1f\x8b\x08garbage", PROTOBUF | AUTH | {"Content-Encoding": "gzip"})

    assert response.status_code == 400


def test_415_when_content_type_is_neither_protobuf_nor_json(server: Server) -> None:
    response = server.post(b"hello", {"Content-Type": "text/plain"} | AUTH)

    assert response.status_code == 415


def test_415_when_content_encoding_is_unsupported(server: Server) -> None:
    response = server.post(b"x", PROTOBUF | AUTH | {"Content-Encoding": "br"})

    assert response.status_code == 415


def test_413_when_body_is_over_the_limit(server: Server) -> None:
    response = server.post(b"\x0a" * (65 * 1024), PROTOBUF | AUTH)

    assert response.status_code == 413


def test_413_when_gzip_body_inflates_over_the_limit(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(otlp, "MAX_INFLATED_BYTES", 100_000)
    bomb = gzip.compress(b"\x00" * 1_000_000)  # about 1 KiB on the wire

    response = server.post(bomb, PROTOBUF | AUTH | {"Content-Encoding": "gzip"})

    assert response.status_code == 413


def test_401_when_token_is_missing(server: Server) -> None:
    response = server.post(request_pb((TRACE, b"\x01" * 8, b"", CLIENT)), PROTOBUF)

    assert response.status_code == 401
    assert server.store.snapshots() == []


def test_one_trailing_save_when_requests_come_faster_than_the_save_interval(
    tmp_path: Path,
) -> None:
    store = SqliteGraphStore(tmp_path / "servicemap.db")
    receiver = TraceReceiver(store, min_save_seconds=0.3)
    receiver.accept(decode_file(FIXTURES / "late_part1.json"))
    receiver.accept(decode_file(FIXTURES / "late_part2.json"))
    assert len(store.snapshots()) == 1  # the second waits for the interval

    deadline = time.monotonic() + 5
    while len(store.snapshots()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    latest = store.latest()
    assert latest is not None and len(store.snapshots()) == 2
    call = latest.edge("service:gateway", "service:inventory", EdgeKind.HTTP)
    assert call is not None and call.traffic is not None and call.traffic.calls == 5
