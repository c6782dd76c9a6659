"""The receiver speaking to the real OpenTelemetry SDK: a tiny instrumented app sends its
spans with ``OTLPSpanExporter`` to a running servicemap, and the map shows the call."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import httpx
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.propagate import extract, inject
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

from catalog_api.api import create_app
from catalog_api.api.otlp_receiver import TraceReceiver
from catalog_api.store import SqliteGraphStore
from tests.traces.live import http_app, serving

TOKEN = "s3cret"


def provider(service: str, endpoint: str, compression: Compression) -> TracerProvider:
    exporter = OTLPSpanExporter(
        endpoint=endpoint, headers={"Authorization": f"Bearer {TOKEN}"}, compression=compression
    )
    tracers = TracerProvider(resource=Resource.create({"service.name": service}))
    tracers.add_span_processor(BatchSpanProcessor(exporter))
    return tracers


def test_observed_edge_with_traffic_shown_when_sdk_exporter_sends_spans(tmp_path: Path) -> None:
    store = SqliteGraphStore(tmp_path / "servicemap.db")
    app = create_app(store, token=TOKEN)
    app.state.trace_receiver = TraceReceiver(store, min_save_seconds=0)
    with serving(app) as base:
        endpoint = f"{base}/v1/traces"
        frontend = provider("frontend", endpoint, Compression.Gzip)
        orders = provider("orders", endpoint, Compression.NoCompression)
        orders_tracer = orders.get_tracer("orders-app")

        def orders_app(path: str, headers: dict[str, str]) -> int:
            status = 500 if path.endswith("/0") else 200
            with orders_tracer.start_as_current_span(
                "GET /orders/{id}",
                context=extract(headers),
                kind=SpanKind.SERVER,
                attributes={"http.request.method": "GET", "http.route": "/orders/{id}"},
            ) as span:
                if status == 500:
                    span.set_status(Status(StatusCode.ERROR))
            return status

        with http_app(orders_app) as orders_url:
            tracer = frontend.get_tracer("frontend-app")
            with tracer.start_as_current_span("GET /checkout", kind=SpanKind.SERVER) as root:
                root.set_attributes({"http.request.method": "GET", "http.route": "/checkout"})
                for order in ("42", "0"):
                    call(tracer, f"{orders_url}/orders/{order}")
            assert orders.force_flush() and frontend.force_flush()  # server spans go first
        orders.shutdown()
        frontend.shutdown()

        graph = httpx.get(f"{base}/api/graph").json()

    edges = {(e["source"], e["target"], e["kind"]): e for e in graph["edges"]}
    assert set(edges) == {
        ("external:user", "service:frontend", "http"),
        ("service:frontend", "service:orders", "http"),
    }
    traffic = edges[("service:frontend", "service:orders", "http")]["traffic"]
    assert (traffic["calls"], traffic["errors"]) == (2, 1)
    assert traffic["p50_ms"] > 0 and traffic["first_seen"].endswith("Z")
    assert edges[("service:frontend", "service:orders", "http")]["detail"] == {
        "routes": ["GET /orders/{id}"]
    }
    assert graph["source"].startswith("otlp receiver")


def call(tracer_of_frontend: object, url: str) -> None:
    from opentelemetry.trace import Tracer

    assert isinstance(tracer_of_frontend, Tracer)
    with tracer_of_frontend.start_as_current_span(
        "GET",
        kind=SpanKind.CLIENT,
        attributes={"http.request.method": "GET", "url.full": url, "server.address": "orders"},
    ) as span:
        headers: dict[str, str] = {}
        inject(headers)
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers)):
                pass
        except urllib.error.HTTPError as exc:
            span.set_status(Status(StatusCode.ERROR, f"HTTP {exc.code}"))
