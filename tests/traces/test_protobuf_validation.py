"""Protobuf files and requests take the one-parse fast path: what servicemap reads of them
(attributes, resource attributes, statuses, links, ids) is still validated before anything
is aggregated, so a malformed one is a clear error and adds nothing; fields servicemap never
reads (span names, events) are deliberately not (see ``scanner.traces.proto_batch``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.graph_json import to_dict
from scanner.traces import TraceFormatError, ingest_files, otlp_request
from tests.traces import trace_mix

# Markers of equal length in the encoding, replaced by bytes that are not UTF-8.
MARKERS = {
    "attribute": (b"ATTRVAL1", "malformed attribute"),
    "resource-attribute": (b"RESNAME1", "malformed attribute"),
    "status": (b"STATMSG1", "malformed span status"),
    "link": (b"LINKVAL1", "not an OTLP protobuf ExportTraceServiceRequest"),
}
NOT_UTF8 = b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"


def request_bytes(*, trace: int = 1, link: bool = True) -> bytes:
    """A client and a server span of two services; every marker appears once (that of the
    link only with ``link``: a request with links is parsed in full)."""
    trace_id = trace.to_bytes(16, "big")
    client = trace_mix.Span(
        trace_id=trace_id,
        span_id=b"\x01" * 8,
        kind=trace_mix.CLIENT,  # type: ignore[arg-type]
        name="SPANNAM1",
        start_time_unix_nano=trace_mix.T0,
        end_time_unix_nano=trace_mix.T0 + 10**6,
    )
    client.attributes.append(trace_mix._kv("server.address", "orders"))
    if link:
        client.links.add(trace_id=trace_id, span_id=b"\x09" * 8).attributes.append(
            trace_mix._kv("note", "LINKVAL1")
        )
    server = trace_mix.Span(
        trace_id=trace_id,
        span_id=b"\x02" * 8,
        parent_span_id=b"\x01" * 8,
        kind=trace_mix.SERVER,  # type: ignore[arg-type]
        start_time_unix_nano=trace_mix.T0,
        end_time_unix_nano=trace_mix.T0 + 10**6,
    )
    server.attributes.append(trace_mix._kv("http.route", "/ATTRVAL1"))
    server.status.message = "STATMSG1"
    request = trace_mix._request([("web", client), ("orders", server)])
    request.resource_spans[1].resource.attributes.append(trace_mix._kv("host.name", "RESNAME1"))
    return request.SerializeToString()


def broken(marker: bytes, *, link: bool = True) -> bytes:
    data = request_bytes(link=link)
    assert data.count(marker) == 1
    return data.replace(marker, NOT_UTF8)


def graph_dict(paths: list[Path]) -> dict[str, object]:
    found = to_dict(ingest_files(paths, workers=0))
    found.pop("source"), found.pop("time")
    return found


@pytest.mark.parametrize(("marker", "message"), MARKERS.values(), ids=MARKERS.keys())
def test_file_reported_and_unused_when_what_servicemap_reads_is_malformed(
    tmp_path: Path, marker: bytes, message: str
) -> None:
    good, bad = tmp_path / "good.pb", tmp_path / "bad.pb"
    good.write_bytes(request_bytes(trace=2))
    bad.write_bytes(broken(marker))

    graph = ingest_files([good, bad], workers=0)

    (diagnostic,) = graph.diagnostics
    assert (diagnostic.path, diagnostic.code) == (str(bad), "malformed-trace")
    assert message in diagnostic.message
    assert [e.key for e in graph.edges()] == [e.key for e in ingest_files([good]).edges()]


@pytest.mark.parametrize("marker", [m for m, _ in MARKERS.values()])
def test_request_refused_when_what_servicemap_reads_is_malformed(marker: bytes) -> None:
    with pytest.raises(TraceFormatError):
        otlp_request.protobuf_batch(broken(marker))


def test_span_name_not_validated_when_servicemap_never_reads_it(tmp_path: Path) -> None:
    clean, odd_name = tmp_path / "clean.pb", tmp_path / "name.pb"
    clean.write_bytes(request_bytes(link=False))
    odd_name.write_bytes(broken(b"SPANNAM1", link=False))

    assert graph_dict([odd_name]) == graph_dict([clean])
    assert ("service:web", "service:orders", "http") in {
        e.key for e in ingest_files([clean]).edges()
    }
