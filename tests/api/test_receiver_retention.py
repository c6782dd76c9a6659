"""The live receiver keeps a bounded number of snapshots: one rolling snapshot per window,
the newest ``keep`` of them, nothing else touched, nothing lost when a save fails. Real
servers on 127.0.0.1 (in-process uvicorn, and ``servicemap serve`` as a process) over a real
SQLite store."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan

from catalog_api.api import create_app
from catalog_api.api.otlp_receiver import SOURCE, TraceReceiver
from catalog_api.api.otlp_retention import Retention
from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, Node, NodeKind, ScanInfo
from catalog_api.ports import SnapshotKind, SnapshotRef
from catalog_api.store import SqliteGraphStore
from tests.cli.harness import free_port, stop, wait_for_json
from tests.web.live_server import serving

PROTOBUF = {"Content-Type": "application/x-protobuf"}
EDGE = ("service:web", "external:api.example.com", EdgeKind.HTTP)
_span_ids = iter(range(1, 10**9))


def calls(count: int) -> bytes:
    """An export request of ``count`` client calls from ``web`` to ``api.example.com``."""
    request = ExportTraceServiceRequest()
    resource_spans = request.resource_spans.add()
    kv = resource_spans.resource.attributes.add()
    kv.key, kv.value.string_value = "service.name", "web"
    scope = resource_spans.scope_spans.add()
    for _ in range(count):
        number = next(_span_ids)
        span = scope.spans.add(
            trace_id=number.to_bytes(16, "big"),
            span_id=number.to_bytes(8, "big"),
            kind=ProtoSpan.SPAN_KIND_CLIENT,
            name="GET",
            start_time_unix_nano=10**18,
            end_time_unix_nano=10**18 + 10**7,
        )
        attribute = span.attributes.add()
        attribute.key, attribute.value.string_value = "server.address", "api.example.com"
    return request.SerializeToString()


def post(base: str, body: bytes) -> None:
    response = httpx.post(f"{base}/v1/traces", content=body, headers=PROTOBUF)
    assert (response.status_code, response.content) == (200, b"")


def receiver_refs(store: SqliteGraphStore) -> list[SnapshotRef]:
    return [ref for ref in store.snapshots() if ref.info.source == SOURCE]


def calls_in(store: SqliteGraphStore, snapshot_id: int) -> int:
    graph = store.load(snapshot_id)
    assert graph is not None
    edge = graph.edge(*EDGE)
    assert edge is not None and edge.traffic is not None
    return edge.traffic.calls


def scan_and_file_ingest(store: SqliteGraphStore) -> list[SnapshotRef]:
    """A static scan and an observed snapshot from a file: the receiver must leave both."""
    graph = ServiceGraph(ScanInfo(source="traces.json", time="2026-11-28T20:00:00Z"))
    graph.add_node(Node(NodeKind.SERVICE, "web"))
    return [store.save(graph), store.save(graph, SnapshotKind.OBSERVED)]


class Clock:
    """Seconds that pass only when a test says so, so windows end exactly where it wants."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def receiving(
    store: SqliteGraphStore, retention: Retention, clock: Clock | None = None
) -> Iterator[tuple[str, TraceReceiver]]:
    app = create_app(store)
    receiver = TraceReceiver(
        store, min_save_seconds=0, retention=retention, clock=clock or time.monotonic
    )
    app.state.trace_receiver = receiver
    with serving(app) as base:
        yield base, receiver


@pytest.fixture
def store(tmp_path: Path) -> SqliteGraphStore:
    return SqliteGraphStore(tmp_path / "servicemap.db")


def test_one_rolling_snapshot_with_all_traffic_when_requests_arrive_within_a_window(
    store: SqliteGraphStore,
) -> None:
    others = scan_and_file_ingest(store)
    with receiving(store, Retention(window_seconds=3600, keep=5)) as (base, _):
        for _ in range(30):
            post(base, calls(3))
    replaced, rolling = receiver_refs(store)  # the replaced one goes at the next save
    assert (calls_in(store, replaced.id), calls_in(store, rolling.id)) == (87, 90)
    assert store.snapshots() == [*others, replaced, rolling]
    assert rolling.kind == SnapshotKind.OBSERVED


def test_snapshot_a_reader_just_listed_still_loads_when_a_save_replaces_it(
    store: SqliteGraphStore,
) -> None:
    with receiving(store, Retention(window_seconds=3600, keep=5)) as (base, _):
        post(base, calls(1))
        listed = store.snapshots()[-1]
        post(base, calls(1))
        assert store.load(listed.id) is not None
        post(base, calls(1))
        assert store.load(listed.id) is None


def test_newest_window_records_kept_and_rows_bounded_when_windows_keep_passing(
    store: SqliteGraphStore,
) -> None:
    others = scan_and_file_ingest(store)
    clock = Clock()
    with receiving(store, Retention(window_seconds=3600, keep=3), clock) as (base, _):
        totals = []
        for window in range(8):  # eight hours of steady traffic
            for _ in range(3):
                post(base, calls(2))
                clock.now += 1000
            totals.append(6 * (window + 1))
            clock.now += 600
    kept = receiver_refs(store)
    # two finished windows' records, the current window's replaced and rolling snapshots
    assert [calls_in(store, ref.id) for ref in kept] == [*totals[-3:-1], 46, 48]
    assert store.snapshots() == [*others, *kept]
    with closing(sqlite3.connect(store.path)) as conn:
        nodes = conn.execute("SELECT count(*) FROM nodes").fetchone()[0]
    assert nodes == sum(ref.nodes for ref in store.snapshots())


def test_stored_snapshot_kept_and_spans_saved_later_when_a_save_fails(
    store: SqliteGraphStore,
) -> None:
    with receiving(store, Retention(window_seconds=3600, keep=5)) as (base, receiver):
        post(base, calls(4))
        (before,) = receiver_refs(store)
        with closing(sqlite3.connect(store.path)) as conn:
            conn.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON snapshots"
                " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
            conn.commit()
        post(base, calls(5))  # accepted: the spans wait in the aggregate
        assert receiver.save_error is not None and "disk full" in str(receiver.save_error)
        assert receiver_refs(store) == [before] and calls_in(store, before.id) == 4
        with closing(sqlite3.connect(store.path)) as conn:
            conn.execute("DROP TRIGGER refuse")
            conn.commit()
        deadline = time.monotonic() + 10
        while receiver.save_error is not None and time.monotonic() < deadline:
            time.sleep(0.05)  # the retry comes on its own, with no new request
    assert receiver.save_error is None
    assert [calls_in(store, ref.id) for ref in receiver_refs(store)] == [4, 9]


def test_serve_keeps_as_many_receiver_snapshots_as_told_when_given_retention_flags(
    tmp_path: Path,
) -> None:
    db = tmp_path / "served.db"
    port = free_port()
    process = subprocess.Popen(
        ["servicemap", "serve", "--db", str(db), "--port", str(port),
         "--receiver-window", "0", "--receiver-keep", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_for_json(f"{base}/healthz", process) == {"status": "ok"}
        for request in range(3):
            if request:
                time.sleep(5.1)  # the receiver saves at once if 5 s passed since its last save
            post(base, calls(1))
    finally:
        code, _, stderr = stop(process)
    assert code == 0, stderr
    kept = receiver_refs(SqliteGraphStore(db))
    assert len(kept) == 2
    assert [calls_in(SqliteGraphStore(db), ref.id) for ref in kept] == [2, 3]
