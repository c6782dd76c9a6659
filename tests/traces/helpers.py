"""Shared helpers for the trace tests: fixture files, spans built by hand, and edge lookup."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind
from scanner.traces import Span, SpanKind, SpanLink, TraceAggregator, ingest_files
from scanner.traces.span import AttrValue

FIXTURES = Path(__file__).parent / "fixtures"
TRACE = "0123456789abcdef0123456789abcdef"
T0 = 1_764_356_000_000_000_000


def ingest(*names: str) -> ServiceGraph:
    return ingest_files([FIXTURES / name for name in names])


def edge(graph: ServiceGraph, source: str, target: str, kind: str) -> Edge:
    """The edge, failing the test with the edges there are when it is missing."""
    found = graph.edge(source, target, EdgeKind(kind))
    assert found is not None, f"no {kind} edge {source} -> {target}; edges: {keys(graph)}"
    return found


def keys(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {e.key for e in graph.edges()}


def span(
    span_id: str,
    service: str,
    kind: SpanKind,
    parent: str | None = None,
    attrs: Mapping[str, AttrValue] | None = None,
    *,
    trace: str = TRACE,
    start_ms: float = 0,
    ms: float = 10,
    error: bool = False,
    links: tuple[SpanLink, ...] = (),
) -> Span:
    """A hand-built span: ``span("c1", "web", SpanKind.CLIENT, "s0", {"server.address": "x"})``."""
    start = T0 + int(start_ms * 1e6)
    end = start + int(ms * 1e6)
    return Span(trace, span_id, parent, service, kind, "op", start, end, error, attrs or {}, links)


def derive(*spans: Span) -> ServiceGraph:
    """The graph of hand-built spans fed as one batch."""
    aggregator = TraceAggregator()
    aggregator.add(spans)
    aggregator.finish()
    return aggregator.graph()
