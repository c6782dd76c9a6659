"""OTLP protobuf files, written by the real OpenTelemetry SDK's encoder."""

from __future__ import annotations

import gzip
from pathlib import Path

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode, set_span_in_context

from scanner.traces import decode_file, ingest_files
from tests.traces.helpers import edge, keys


def recorded_spans() -> list[ReadableSpan]:
    """A web service calling a billing service that queries postgres, as the SDK records."""
    exporter = InMemorySpanExporter()
    tracers = {}
    for name in ("web", "billing"):
        provider = TracerProvider(resource=Resource.create({"service.name": name}))
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        tracers[name] = provider.get_tracer("test")
    with tracers["web"].start_as_current_span("GET /pay", kind=SpanKind.SERVER) as root:
        root.set_attribute("http.route", "/pay")
        with tracers["web"].start_as_current_span("POST", kind=SpanKind.CLIENT) as call:
            call.set_attribute("http.request.method", "POST")
            context = set_span_in_context(call)
            with tracers["billing"].start_as_current_span(
                "POST /charges", kind=SpanKind.SERVER, context=context
            ) as server:
                server.set_attributes({"http.request.method": "POST", "http.route": "/charges"})
                server.set_status(Status(StatusCode.ERROR))
                with tracers["billing"].start_as_current_span("INSERT", kind=SpanKind.CLIENT) as db:
                    db.set_attributes({"db.system": "postgresql", "server.address": "billing-db"})
    return list(exporter.get_finished_spans())


def write_request(path: Path, *, compress: bool = False) -> Path:
    data = encode_spans(recorded_spans()).SerializeToString()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def test_spans_decoded_when_file_is_otlp_protobuf(tmp_path: Path) -> None:
    spans = decode_file(write_request(tmp_path / "request.pb"))

    assert sorted(s.service for s in spans) == ["billing", "billing", "web", "web"]
    server = next(s for s in spans if s.name == "POST /charges")
    assert server.error and len(server.trace_id) == 32 and len(server.span_id) == 16
    assert server.attributes["http.route"] == "/charges"


def test_graph_derived_when_file_is_otlp_protobuf(tmp_path: Path) -> None:
    graph = ingest_files([write_request(tmp_path / "request.bin")])

    assert keys(graph) == {
        ("external:user", "service:web", "http"),
        ("service:web", "service:billing", "http"),
        ("service:billing", "datastore:billing-db", "db"),
    }
    charge = edge(graph, "service:web", "service:billing", "http")
    assert charge.detail == {"routes": frozenset({"POST /charges"})}
    assert charge.traffic is not None and charge.traffic.errors == 1


def test_graph_derived_when_protobuf_file_is_gzip_compressed(tmp_path: Path) -> None:
    graph = ingest_files([write_request(tmp_path / "request.pb.gz", compress=True)])

    assert ("service:web", "service:billing", "http") in keys(graph)
