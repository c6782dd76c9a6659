"""Zipkin's own conventions, with the links Zipkin's dependency linker draws for the same
spans (frontend -> backend with an error, backend -> mysql, backend -> auth)."""

from __future__ import annotations

from scanner.traces import SpanKind, decode_file
from tests.traces.helpers import FIXTURES, edge, ingest, keys


def test_links_agree_with_zipkin_dependency_linker_when_spans_share_ids() -> None:
    graph = ingest("zipkin_shared.json")

    assert keys(graph) == {
        ("external:user", "service:frontend", "http"),  # the linker skips an unknown root caller
        ("service:frontend", "service:backend", "http"),
        ("service:backend", "service:mysql", "http"),
        ("service:backend", "service:auth", "http"),
    }


def test_shared_span_id_pairs_client_and_server_halves() -> None:
    graph = ingest("zipkin_shared.json")

    call = edge(graph, "service:frontend", "service:backend", "http")
    assert call.traffic is not None and call.traffic.calls == 1
    assert call.traffic.p50_ms is not None and abs(call.traffic.p50_ms - 80) < 1  # client's view
    assert call.detail == {"routes": frozenset({"GET /api"})}


def test_error_counted_when_error_tag_is_present() -> None:
    call = edge(ingest("zipkin_shared.json"), "service:frontend", "service:backend", "http")

    assert call.traffic is not None and call.traffic.errors == 1


def test_span_without_kind_is_a_client_when_it_names_both_sides() -> None:
    spans = {s.span_id: s for s in decode_file(FIXTURES / "zipkin_shared.json")}

    assert spans["00000000000000a4"].kind is SpanKind.CLIENT  # local and remote service
    assert spans["00000000000000a2"].kind is SpanKind.INTERNAL  # local only
    assert spans["00000000000000a4"].attributes["network.peer.address"] == "172.17.0.20"
    assert spans["00000000000000a4"].attributes["network.peer.port"] == 3306
