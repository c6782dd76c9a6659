from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient

from tests.export.sample_graphs import HOSTILE_NAME


def _ids(body: dict[str, list[dict[str, str]]]) -> list[str]:
    return [n["id"] for n in body["nodes"]]


def test_all_nodes_are_listed_sorted_when_no_kind_is_given(client: TestClient) -> None:
    body = client.get("/api/nodes").json()
    assert body["snapshot"] == 2
    assert len(body["nodes"]) == 16
    assert _ids(body)[:2] == ["datastore:catalog-db", "datastore:orders-db"]


def test_only_nodes_of_the_kinds_are_listed_when_filtered(client: TestClient) -> None:
    body = client.get("/api/nodes", params=[("kind", "queue"), ("kind", "external")]).json()
    assert _ids(body) == [
        "external:api.stripe.com",
        "external:smtp.sendgrid.net",
        "queue:emails",
        "queue:order-events",
    ]


def test_unknown_kind_is_a_json_422_when_filtered(client: TestClient) -> None:
    response = client.get("/api/nodes", params={"kind": "planet"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid-request"


def test_node_comes_with_its_edges_and_evidence_when_read(client: TestClient) -> None:
    body = client.get("/api/nodes/service:orders").json()
    assert body["node"]["name"] == "orders"
    assert body["node"]["routes"] == ["GET /orders/{id}", "POST /orders"]
    outgoing = {(e["target"], e["kind"]) for e in body["outgoing"]}
    assert outgoing == {
        ("datastore:orders-db", "db"),
        ("queue:emails", "publish"),
        ("queue:order-events", "publish"),
        ("service:payments", "http"),
    }
    incoming = {e["source"]: e for e in body["incoming"]}
    assert set(incoming) == {"service:gateway", "service:shipping"}
    assert incoming["service:gateway"]["evidence"] == [
        {"trace_id": "4bf92f3577b34da6"},
        {"path": "services/gateway/routes.py", "line": 27},
    ]
    assert body["neighbours"]["queue:emails"] == {"kind": "queue", "name": "emails"}


def test_node_is_found_when_its_id_has_slashes_and_markup(
    client: TestClient,
) -> None:
    node_id = "service:" + HOSTILE_NAME
    body = client.get("/api/nodes/" + quote(node_id, safe=""), params={"snapshot": 1}).json()
    assert body["node"]["id"] == node_id
    assert [e["target"] for e in body["outgoing"]] == ["datastore:redis", "service:orders"]


def test_unknown_node_is_a_json_404_when_read(client: TestClient) -> None:
    response = client.get("/api/nodes/service:nope/with/slash")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "unknown-node",
        "message": "no node 'service:nope/with/slash' in snapshot 2",
    }
