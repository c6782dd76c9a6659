"""The catalog in-process: SQLite for PostgreSQL, a real HTTP server for the legacy reviews host."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from catalog import reviews
from catalog.app import create_app
from catalog.cache import ProductCache
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

LAMP = {"sku": "LAMP-01", "name": "Desk lamp", "price_cents": 3999, "currency": "EUR"}


class InMemoryStore:
    """Stands in for Redis at the cache's boundary (no Redis server in CI)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def setex(self, name: str, time: int, value: str) -> Any:
        self.values[name] = value

    def delete(self, *names: str) -> Any:
        for name in names:
            self.values.pop(name, None)


class LegacyReviews(BaseHTTPRequestHandler):
    """The legacy reviews API: product 1 has two reviews, every other product none."""

    calls = 0

    def do_GET(self) -> None:
        type(self).calls += 1
        if self.path == "/api/reviews/1":
            body = {"product_id": 1, "reviews": [{"rating": 5}, {"rating": 4}]}
            self._reply(200, body)
        else:
            self._reply(404, {"error": "no reviews"})

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def reviews_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[LegacyReviews]]:
    LegacyReviews.calls = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), LegacyReviews)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    monkeypatch.setattr(reviews, "REVIEWS_URL", f"http://127.0.0.1:{server.server_port}")
    yield LegacyReviews
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def client(reviews_host: type[LegacyReviews], store: InMemoryStore) -> Iterator[FlaskClient]:
    engine = create_engine(
        "sqlite+pysqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    app = create_app(engine=engine, cache=ProductCache(store))
    yield app.test_client()
    engine.dispose()


def test_product_is_created_and_read_back_with_reviews_when_valid(client: FlaskClient) -> None:
    created = client.post("/products", json=LAMP)

    product = client.get(f"/products/{created.get_json()['id']}").get_json()

    assert created.status_code == 201
    assert product["sku"] == "LAMP-01"
    assert product["reviews"] == {"count": 2, "average_rating": 4.5}


def test_second_read_is_served_from_cache_when_product_unchanged(
    client: FlaskClient, reviews_host: type[LegacyReviews], store: InMemoryStore
) -> None:
    client.post("/products", json=LAMP)

    client.get("/products/1")
    client.get("/products/1")

    assert reviews_host.calls == 1
    assert "catalog:product:1" in store.values


def test_reprice_invalidates_cache_when_price_changes(
    client: FlaskClient, store: InMemoryStore
) -> None:
    client.post("/products", json=LAMP)
    client.get("/products/1")

    client.patch("/products/1", json={"price_cents": 2999})

    assert store.values == {}
    assert client.get("/products/1").get_json()["price_cents"] == 2999


def test_product_is_rejected_with_every_bad_field_when_invalid(client: FlaskClient) -> None:
    response = client.post("/products", json={"sku": "lamp 1", "name": "", "price_cents": -5})

    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"sku", "name", "price_cents"}


def test_duplicate_sku_is_409_when_sku_exists(client: FlaskClient) -> None:
    client.post("/products", json=LAMP)

    assert client.post("/products", json=LAMP).status_code == 409


def test_listing_filters_by_term_and_hides_inactive_products_when_queried(
    client: FlaskClient,
) -> None:
    client.post("/products", json=LAMP)
    client.post("/products", json={**LAMP, "sku": "LAMP-02", "name": "Floor lamp"})
    client.post("/products", json={**LAMP, "sku": "MUG-01", "name": "Mug"})
    client.patch("/products/2", json={"active": False})

    listing = client.get("/products", query_string={"q": "lamp"}).get_json()

    assert [item["sku"] for item in listing["items"]] == ["LAMP-01"]
    assert listing["total"] == 1


def test_product_has_no_reviews_when_legacy_host_knows_none(client: FlaskClient) -> None:
    client.post("/products", json={**LAMP, "sku": "MUG-01"})
    client.post("/products", json=LAMP)

    assert client.get("/products/2").get_json()["reviews"] == {"count": 0, "average_rating": None}
