"""The catalog view: the latest scan merged with the latest traces, by default everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from catalog_api import graph_json
from catalog_api.api import create_app
from catalog_api.api.otlp_receiver import TraceReceiver
from catalog_api.merge import merge
from catalog_api.model import EdgeKind
from catalog_api.ports import SnapshotKind
from catalog_api.store import SqliteGraphStore
from tests.merge.graphs import scanned_shop, traced_shop


@pytest.fixture
def shop_store(tmp_path: Path) -> SqliteGraphStore:
    """Snapshot 1: an older scan; 2: the latest scan; 3: traces."""
    store = SqliteGraphStore(tmp_path / "servicemap.db")
    older = scanned_shop()
    older.remove_node("service:shared")
    store.save(older)
    store.save(scanned_shop())
    store.save(traced_shop(), SnapshotKind.OBSERVED)
    return store


@pytest.fixture
def shop(shop_store: SqliteGraphStore) -> TestClient:
    return TestClient(create_app(shop_store))


def test_graph_is_the_latest_scan_merged_with_the_latest_traces_when_no_snapshot_named(
    shop: TestClient,
) -> None:
    response = shop.get("/api/graph")
    assert response.status_code == 200
    assert response.json() == graph_json.to_dict(merge(scanned_shop(), traced_shop()))
    assert response.headers["x-servicemap-view"] == "static=2, observed=3"
    assert "x-servicemap-snapshot" not in response.headers


def test_named_snapshot_is_served_as_stored_when_it_is_observed(shop: TestClient) -> None:
    response = shop.get("/api/graph", params={"snapshot": 3})
    assert response.json() == graph_json.to_dict(traced_shop())
    assert response.headers["x-servicemap-snapshot"] == "3"
    assert response.headers["x-servicemap-view"] == "observed=3"


def test_newer_traces_do_not_hide_the_scan_when_saved_after_it(
    shop_store: SqliteGraphStore, shop: TestClient
) -> None:
    newer = traced_shop()
    newer.remove_node("service:fraud")
    shop_store.save(newer, SnapshotKind.OBSERVED)
    body = shop.get("/api/nodes").json()
    assert (body["snapshot"], body["view"]) == (None, {"static": 2, "observed": 4})
    ids = {n["id"] for n in body["nodes"]}
    assert "service:shared" in ids  # only the scan knows it
    assert "service:fraud" not in ids  # only the older traces knew it


def test_node_details_show_merged_edges_with_traffic_when_read(shop: TestClient) -> None:
    body = shop.get("/api/nodes/service:orders").json()
    assert "orders-service" in body["node"]["aliases"]
    payments = next(e for e in body["outgoing"] if e["target"] == "service:payments")
    assert payments["provenance"] == ["static", "trace"]
    assert payments["traffic"]["calls"] == 300
    fraud = next(e for e in body["outgoing"] if e["target"] == "service:fraud")
    assert fraud["provenance"] == ["trace"]


def test_snapshots_listing_names_kinds_and_the_view_when_both_kinds_stored(
    shop: TestClient,
) -> None:
    body = shop.get("/api/snapshots").json()
    assert body["latest"] == 3
    assert body["view"] == {"static": 2, "observed": 3}
    assert [(s["id"], s["kind"]) for s in body["snapshots"]] == [
        (3, "observed"),
        (2, "static"),
        (1, "static"),
    ]


def test_map_labels_observed_edges_with_their_traffic_when_drawn(shop: TestClient) -> None:
    response = shop.get("/api/map.svg")
    assert response.status_code == 200
    svg = response.text
    assert "300 calls · 2% errors · p95 30 ms" in svg
    assert 'class="edge edge&#45;http traffic&#45;only"' in svg  # Graphviz escapes '-'


def _otlp_request() -> bytes:
    """One trace: orders-service calls payments and queries Postgres at 10.0.3.7:5432."""

    def attrs(**values: str | int) -> list[dict[str, object]]:
        return [
            {"key": k.replace("_", "."), "value": {"intValue": str(v)}}
            if isinstance(v, int)
            else {"key": k.replace("_", "."), "value": {"stringValue": v}}
            for k, v in values.items()
        ]

    def span(span_id: str, kind: int, start: int, **values: str | int) -> dict[str, object]:
        return {
            "traceId": "5b8efff798038103d269b633813fc60c",
            "spanId": span_id,
            "parentSpanId": "eee19b7ec3c1b174",
            "name": "call",
            "kind": kind,
            "startTimeUnixNano": str(1764355000000000000 + start),
            "endTimeUnixNano": str(1764355000000000000 + start + 8_000_000),
            "attributes": attrs(**values),
        }

    spans = [
        span("eee19b7ec3c1b173", 3, 0, server_address="payments", http_request_method="POST"),
        span(
            "eee19b7ec3c1b175",
            3,
            10,
            db_system="postgresql",
            network_peer_address="10.0.3.7",
            network_peer_port=5432,
        ),
    ]
    resource = {"attributes": attrs(service_name="orders-service")}
    return json.dumps(
        {"resourceSpans": [{"resource": resource, "scopeSpans": [{"spans": spans}]}]}
    ).encode()


def test_received_traces_merge_into_the_scan_when_posted_to_the_receiver(
    tmp_path: Path,
) -> None:
    store = SqliteGraphStore(tmp_path / "servicemap.db")
    store.save(scanned_shop())
    app = create_app(store)
    app.state.trace_receiver = TraceReceiver(store, min_save_seconds=0)
    client = TestClient(app)
    posted = client.post(
        "/v1/traces", content=_otlp_request(), headers={"Content-Type": "application/json"}
    )
    assert posted.status_code == 200
    assert [r.kind for r in store.snapshots()] == [SnapshotKind.STATIC, SnapshotKind.OBSERVED]
    graph = graph_json.from_dict(client.get("/api/graph").json())
    assert graph.node("service:orders-service") is None
    db = graph.edge("service:orders", "datastore:orders-db", EdgeKind.DB)
    assert db is not None and db.traffic is not None and db.traffic.calls == 1
    pay = graph.edge("service:orders", "service:payments", EdgeKind.HTTP)
    assert pay is not None and pay.traffic is not None and pay.traffic.calls == 1
    assert graph.node("service:shared") is not None
