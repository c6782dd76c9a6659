from __future__ import annotations

import jsonschema
from fastapi.testclient import TestClient

from catalog_api import graph_json
from tests.export.sample_graphs import shop_graph, small_graph


def test_latest_snapshot_is_served_when_no_snapshot_is_named(client: TestClient) -> None:
    response = client.get("/api/graph")
    assert response.status_code == 200
    assert response.headers["x-servicemap-snapshot"] == "2"
    assert response.json() == graph_json.to_dict(shop_graph())


def test_named_snapshot_is_served_when_asked_for(client: TestClient) -> None:
    response = client.get("/api/graph", params={"snapshot": 1})
    assert response.json() == graph_json.to_dict(small_graph())


def test_graph_matches_the_schema_when_served(client: TestClient) -> None:
    jsonschema.validate(client.get("/api/graph").json(), graph_json.schema())


def test_unknown_snapshot_is_a_json_404_when_asked_for(client: TestClient) -> None:
    response = client.get("/api/graph", params={"snapshot": 99})
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "unknown-snapshot", "message": "no snapshot with id 99"}
    }


def test_bad_snapshot_parameter_is_a_json_422_when_not_a_number(client: TestClient) -> None:
    response = client.get("/api/graph", params={"snapshot": "latest"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid-request"


def test_every_graph_endpoint_says_how_to_scan_when_the_store_is_empty(
    empty_client: TestClient,
) -> None:
    for path in ("/api/graph", "/api/nodes", "/api/nodes/service:x", "/api/diagnostics"):
        response = empty_client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {
            "error": {
                "code": "no-snapshot",
                "message": "no snapshot yet: run `servicemap scan PATH`",
            }
        }


def test_schema_is_served_when_asked_for(client: TestClient) -> None:
    response = client.get("/api/schema/graph")
    assert response.status_code == 200
    assert response.json() == graph_json.schema()
