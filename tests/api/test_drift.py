"""GET /api/drift: the drift report between stored snapshots, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from catalog_api.api import create_app
from catalog_api.merge import drift
from catalog_api.merge.drift_json import to_dict
from catalog_api.ports import SnapshotKind
from catalog_api.store import SqliteGraphStore
from tests.merge.graphs import scanned_shop, traced_shop


@pytest.fixture
def drift_store(tmp_path: Path) -> SqliteGraphStore:
    """1: the scan, 2: traces of it, 3: later traces that also saw the events published."""
    store = SqliteGraphStore(tmp_path / "servicemap.db")
    store.save(scanned_shop())
    store.save(traced_shop(), SnapshotKind.OBSERVED)
    store.save(traced_shop(source="later.json"), SnapshotKind.OBSERVED)
    return store


def test_report_compares_the_newest_scan_and_traces_when_no_ids_given(
    drift_store: SqliteGraphStore,
) -> None:
    body = TestClient(create_app(drift_store)).get("/api/drift").json()
    expected = drift(scanned_shop(), traced_shop(source="later.json"))
    assert body == to_dict(expected, static_snapshot=1, observed_snapshot=3)
    assert body["counts"] == {"in_both": 4, "code_only": 1, "traffic_only": 1}


def test_report_compares_the_named_snapshots_when_ids_given(
    drift_store: SqliteGraphStore,
) -> None:
    client = TestClient(create_app(drift_store))
    body = client.get("/api/drift", params={"static": 1, "observed": 2}).json()
    assert (body["observed"]["snapshot"], body["observed"]["source"]) == (2, "traces.json")
    assert [e["target"] for e in body["code_only"]] == [
        "queue:order-events",
        "datastore:billing-db",
    ]


@pytest.mark.parametrize(
    ("params", "status", "code", "message"),
    [
        ({"static": 2}, 400, "wrong-snapshot-kind", "snapshot 2 is observed, not static"),
        ({"observed": 1}, 400, "wrong-snapshot-kind", "snapshot 1 is static, not observed"),
        ({"observed": 7}, 404, "unknown-snapshot", "no snapshot with id 7"),
    ],
)
def test_bad_ids_are_json_errors_when_asked_for(
    drift_store: SqliteGraphStore, params: dict[str, int], status: int, code: str, message: str
) -> None:
    response = TestClient(create_app(drift_store)).get("/api/drift", params=params)
    assert response.status_code == status
    assert response.json() == {"error": {"code": code, "message": message}}


def test_missing_traces_are_a_404_saying_how_to_send_them_when_only_scans_stored(
    tmp_path: Path,
) -> None:
    store = SqliteGraphStore(tmp_path / "servicemap.db")
    store.save(scanned_shop())
    response = TestClient(create_app(store)).get("/api/drift")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "no-snapshot",
        "message": "the store holds no observed snapshot yet; run `servicemap ingest FILE...`"
        " or send traces to POST /v1/traces",
    }
