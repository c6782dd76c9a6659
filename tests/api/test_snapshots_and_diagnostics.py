from __future__ import annotations

from fastapi.testclient import TestClient


def test_snapshots_are_listed_newest_first_when_several_exist(client: TestClient) -> None:
    body = client.get("/api/snapshots").json()
    assert body["latest"] == 2
    assert [(s["id"], s["source"], s["nodes"]) for s in body["snapshots"]] == [
        (2, "examples/shop", 16),
        (1, "tests/small", 7),
    ]
    assert body["snapshots"][0]["commit"] == "9f3c2e1d4b5a"


def test_snapshots_say_how_to_scan_when_the_store_is_empty(empty_client: TestClient) -> None:
    assert empty_client.get("/api/snapshots").json() == {
        "latest": None,
        "view": {"static": None, "observed": None},
        "snapshots": [],
        "message": "no snapshot yet: run `servicemap scan PATH`",
    }


def test_diagnostics_of_the_latest_snapshot_are_listed_when_asked(client: TestClient) -> None:
    body = client.get("/api/diagnostics").json()
    assert body == {
        "snapshot": 2,
        "view": {"static": 2, "observed": None},
        "diagnostics": [
            {
                "path": "services/legacy/broken.py",
                "line": 3,
                "severity": "warning",
                "code": "syntax-error",
                "message": "invalid syntax",
            }
        ],
    }


def test_health_is_ok_when_the_store_is_empty(empty_client: TestClient) -> None:
    assert empty_client.get("/healthz").json() == {"status": "ok"}
