"""The fast path for OTLP protobuf files (columns, memoised attribute facts, bulk recording)
must draw exactly the graph the general path draws from the same spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.graph_json import to_dict
from catalog_api.model import ScanInfo
from scanner.traces import (
    TraceAggregator,
    decode_file,
    ingest_files,
    json_batch,
    otlp_request,
)
from scanner.traces.batch_derive import derive_batch
from scanner.traces.proto_batch import ProtoBatch
from tests.traces import trace_mix

INFO = ScanInfo(source="same", time="2026-01-01T00:00:00Z")


def general_path(paths: list[Path], **limits: int) -> ServiceGraph:
    """Span records through add and flush, file by file: the path every format takes."""
    aggregator = TraceAggregator(**limits)
    for path in paths:
        aggregator.add(decode_file(path))
        aggregator.flush()
    aggregator.finish()
    return aggregator.graph(INFO)


def fast_path(paths: list[Path], **limits: int) -> ServiceGraph:
    return ingest_files(paths, aggregator=TraceAggregator(**limits))


def same(a: ServiceGraph, b: ServiceGraph) -> None:
    left, right = to_dict(a), to_dict(b)
    for key in ("source", "time"):
        left.pop(key), right.pop(key)
    assert left == right


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_graphs_equal_when_mixed_traces_take_fast_and_general_paths(
    tmp_path: Path, seed: int
) -> None:
    paths = trace_mix.write_files(tmp_path, seed=seed, files=8, per_file=60, services=12)

    fast = fast_path(paths)

    same(fast, general_path(paths))
    assert len(fast.edges()) > 30


def test_graphs_equal_when_memory_and_waiting_limits_are_small(tmp_path: Path) -> None:
    paths = trace_mix.write_files(tmp_path, seed=7, files=10, per_file=40, services=8)
    limits = {"max_remembered": 60, "max_waiting": 15}

    same(fast_path(paths, **limits), general_path(paths, **limits))


@pytest.mark.parametrize("plain", [False, True])
def test_graphs_equal_when_an_edge_sees_more_routes_and_traces_than_kept(
    tmp_path: Path, plain: bool
) -> None:
    # Few services, many traces: detail and route caps and example choice all come into play;
    # with only plain traces, whole files of calls are recorded in bulk.
    paths = trace_mix.write_files(tmp_path, seed=11, files=6, per_file=150, services=3, plain=plain)

    same(fast_path(paths), general_path(paths))


def test_plain_traces_take_fast_path_when_all_spans_pair(tmp_path: Path) -> None:
    paths = trace_mix.write_files(tmp_path, seed=5, files=1, per_file=80, services=10, plain=True)
    data = paths[0].read_bytes()
    batch = ProtoBatch(data)
    unique = dict.fromkeys(batch.trace_ids)
    odd: set[bytes] = set()

    parents = batch.parents()
    assert parents is not None
    calls = derive_batch(batch, parents, odd)

    assert not odd, f"{len(odd)} of {len(unique)} plain traces fell back to the general path"
    assert len(calls.servers) + len(calls.stores) > len(unique)
    assert len(calls.servers) == len(calls.callers) == len(calls.timed)


def test_first_technology_kept_when_two_systems_name_one_host(tmp_path: Path) -> None:
    spans = [
        ("web", trace_mix.Span(trace_id=bytes([n]) * 16, span_id=bytes([n]) * 8, kind=3))
        for n in (1, 2)
    ]
    for (_, span), system in zip(spans, ("redis", "postgresql"), strict=True):
        span.start_time_unix_nano, span.end_time_unix_nano = trace_mix.T0, trace_mix.T0 + 10**6
        span.attributes.append(trace_mix._kv("db.system", system))
        span.attributes.append(trace_mix._kv("server.address", "cache-1"))
    path = tmp_path / "request.pb"
    path.write_bytes(trace_mix._request(spans).SerializeToString())

    fast = fast_path([path])

    same(fast, general_path([path]))
    node = fast.node("datastore:cache-1")
    assert node is not None and node.technology == "redis"


@pytest.mark.parametrize("plain", [False, True])
def test_graphs_equal_when_files_are_otlp_json(tmp_path: Path, plain: bool) -> None:
    pb = trace_mix.write_files(tmp_path, seed=13, files=6, per_file=80, services=5, plain=plain)
    files = trace_mix.as_otlp_json(pb)

    fast = fast_path(files)

    same(fast, general_path(files))
    same(fast, general_path(pb))


def test_graphs_equal_when_a_trace_spans_protobuf_and_json_files(tmp_path: Path) -> None:
    pb = trace_mix.write_files(tmp_path, seed=17, files=6, per_file=60, services=6)
    files = [p if n % 2 else p.with_suffix(".json") for n, p in enumerate(pb)]
    trace_mix.as_otlp_json(pb[::2])

    same(fast_path(files), general_path(files))


def test_json_batch_read_when_every_span_is_plain(tmp_path: Path) -> None:
    pb = trace_mix.write_files(tmp_path, seed=19, files=1, per_file=30, services=4, plain=True)
    (path,) = trace_mix.as_otlp_json(pb)

    batch = json_batch.read(path.read_bytes())

    assert batch is not None and len(batch) == len(decode_file(path))
    assert json_batch.read(b'{"resourceSpans": [{"scopeSpans": [{"spans": [{}]}]}]}') is None


def test_values_told_apart_when_equal_as_numbers_but_of_other_types(tmp_path: Path) -> None:
    # 1 == True == 1.0 as memo keys; as attribute values they name different peers.
    def span(n: int, port: dict[str, object]) -> dict[str, object]:
        attrs = [
            {"key": "db.system", "value": {"stringValue": "postgresql"}},
            {"key": "network.peer.address", "value": {"stringValue": "10.0.0.9"}},
            {"key": "network.peer.port", "value": port},
        ]
        ids = {"traceId": f"{n:032x}", "spanId": f"{n:016x}", "kind": 3}
        return ids | {"startTimeUnixNano": "1", "endTimeUnixNano": "2", "attributes": attrs}

    spans = [span(1, {"intValue": "1"}), span(2, {"boolValue": True}), span(3, {"doubleValue": 1})]
    path = tmp_path / "request.json"
    path.write_text(json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": spans}]}]}))

    fast = fast_path([path])

    same(fast, general_path([path]))
    names = {n.name for n in fast.nodes()}
    assert {"10.0.0.9:1", "10.0.0.9:True", "10.0.0.9:1.0"} <= names


def test_graphs_equal_when_json_spans_omit_kind_or_have_zero_parent(tmp_path: Path) -> None:
    def span(n: int, parent: str, **extra: object) -> dict[str, object]:
        ids = {"traceId": f"{7:032x}", "spanId": f"{n:016x}", "parentSpanId": parent}
        return ids | {"startTimeUnixNano": "1", "endTimeUnixNano": "9"} | extra

    attrs = [{"key": "db.system", "value": {"stringValue": "redis"}}]
    spans = [
        span(1, "0" * 16, kind=2),  # all zeros: a root, called by user
        span(2, f"{1:016x}", attributes=attrs),  # no kind: local, a cache call all the same
        span(3, f"{2:016x}", kind=3, attributes=[_text("url.full", "http://x/")]),
        span(4, f"{1:016x}", attributes=[_text("server.address", "y")]),  # local: no call
    ]
    path = tmp_path / "request.json"
    resource = {"attributes": [{"key": "service.name", "value": {"stringValue": "web"}}]}
    doc = {"resourceSpans": [{"resource": resource, "scopeSpans": [{"spans": spans}]}]}
    path.write_text(json.dumps(doc))

    fast = fast_path([path])

    same(fast, general_path([path]))
    assert {e.key for e in fast.edges()} == {
        ("external:user", "service:web", "http"),
        ("service:web", "datastore:redis", "cache"),
        ("service:web", "external:x", "http"),
    }


def _text(key: str, value: str) -> dict[str, object]:
    return {"key": key, "value": {"stringValue": value}}


def test_receiver_batch_aggregates_like_decoded_spans_when_request_is_protobuf(
    tmp_path: Path,
) -> None:
    paths = trace_mix.write_files(tmp_path, seed=23, files=5, per_file=40, services=5)
    by_batch, by_spans = TraceAggregator(), TraceAggregator()
    for path in paths:
        body = path.read_bytes()
        batch = otlp_request.protobuf_batch(body)
        assert batch is not None
        by_batch.add_batch(batch)
        by_spans.add(otlp_request.decode_protobuf(body).spans)
        by_spans.flush()

    same(by_batch.snapshot(INFO), by_spans.snapshot(INFO))
    assert otlp_request.protobuf_batch(_short_id_request()) is None


def _short_id_request() -> bytes:
    request = trace_mix.ExportTraceServiceRequest()
    scope = request.resource_spans.add().scope_spans.add()
    scope.spans.add(trace_id=b"\x01" * 8, span_id=b"\x02" * 8, kind=3)
    return request.SerializeToString()
