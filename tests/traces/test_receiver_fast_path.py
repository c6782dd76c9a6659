"""``POST /v1/traces`` aggregates a well-formed protobuf request as columns (the fast path);
the stored graph must be exactly the one the span-by-span path stores for the same requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from catalog_api.api import create_app
from catalog_api.api.otlp_receiver import TraceReceiver
from catalog_api.graph_json import to_dict
from catalog_api.store import SqliteGraphStore
from scanner.traces import otlp_request
from tests.traces import trace_mix
from tests.traces.live import serving

PROTOBUF = {"Content-Type": "application/x-protobuf"}


def stored(store: SqliteGraphStore) -> dict[str, Any]:
    graph = store.latest()
    assert graph is not None
    found = to_dict(graph)
    for key in ("source", "time"):  # when it was saved, not what
        found.pop(key)
    return found


@pytest.mark.parametrize("plain", [True, False])
def test_stored_graph_same_as_slow_path_when_protobuf_requests_are_well_formed(
    tmp_path: Path, plain: bool
) -> None:
    bodies = [
        path.read_bytes()
        for path in trace_mix.write_files(
            tmp_path, seed=13, files=6, per_file=40, services=9, plain=plain
        )
    ]
    assert all(otlp_request.protobuf_batch(body) is not None for body in bodies)
    fast_store = SqliteGraphStore(tmp_path / "fast.db")
    app = create_app(fast_store)
    app.state.trace_receiver = TraceReceiver(fast_store, min_save_seconds=0)
    with serving(app) as base:
        for body in bodies:
            response = httpx.post(f"{base}/v1/traces", content=body, headers=PROTOBUF)
            assert (response.status_code, response.content) == (200, b"")

    slow_store = SqliteGraphStore(tmp_path / "slow.db")
    slow = TraceReceiver(slow_store, min_save_seconds=0)
    for body in bodies:
        decoded = otlp_request.decode_protobuf(body)
        assert decoded.rejected == []
        slow.accept(decoded.spans)

    assert stored(fast_store) == stored(slow_store)
    assert stored(fast_store)["edges"]  # traffic was drawn, not two empty graphs
