"""The gateway in-process: catalog faked at its httpx transport, orders at its requests adapter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
from fastapi.testclient import TestClient
from gateway import ratelimit
from gateway.app import create_app
from gateway.clients.orders import OrdersClient
from gateway.settings import settings
from requests.adapters import HTTPAdapter

ORDER = {
    "customer_id": "c-1",
    "customer_email": "ada@example.com",
    "payment_method": "tok_visa",
    "shipping_address": {
        "name": "Ada Lovelace",
        "line1": "12 St James's Square",
        "postal_code": "SW1Y 4JH",
        "city": "London",
        "country": "GB",
    },
    "items": [{"sku": "LAMP-01", "quantity": 2}],
}

LAMP = {
    "id": 7,
    "sku": "LAMP-01",
    "name": "Desk lamp",
    "description": "Warm white, dimmable",
    "price_cents": 3999,
    "currency": "EUR",
    "active": True,
    "reviews": {"count": 2, "average_rating": 4.5},
}


class InMemoryCounters:
    """Stands in for Redis at the limiter's boundary (no Redis server in CI)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.ttls: dict[str, int] = {}

    async def incr(self, name: str, amount: int = 1) -> int:
        self.counts[name] = self.counts.get(name, 0) + amount
        return self.counts[name]

    async def expire(self, name: str, time: int) -> bool:
        self.ttls[name] = time
        return True


class FrozenClock:
    """Replaces the limiter's `time` module so the test never straddles a window boundary."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


class OrdersAdapter(HTTPAdapter):
    """Answers the orders service's routes without a network, recording what was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        self.sent.append(request)
        response = requests.Response()
        response.request = request
        response.url = request.url or ""
        response.headers["Content-Type"] = "application/json"
        if request.method == "POST" and request.path_url == "/orders":
            order = json.loads(request.body or b"{}")
            body: dict[str, Any] = {"id": 41, "status": "paid", **order}
            response.status_code = 201
        elif request.method == "GET" and request.path_url == "/orders/41":
            body, response.status_code = {"id": 41, "status": "paid"}, 200
        else:
            body, response.status_code = {"detail": "order not found"}, 404
        response._content = json.dumps(body).encode()
        return response


def catalog_handler(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/products":
        return httpx.Response(200, json={"items": [LAMP], "total": 1})
    if request.url.path == "/products/7":
        return httpx.Response(200, json=LAMP)
    return httpx.Response(404, json={"error": "product not found"})


@pytest.fixture
def orders_adapter() -> OrdersAdapter:
    return OrdersAdapter()


@pytest.fixture
def client(orders_adapter: OrdersAdapter) -> Iterator[TestClient]:
    session = requests.Session()
    session.mount("http://", orders_adapter)
    app = create_app(
        catalog_transport=httpx.MockTransport(catalog_handler),
        counter_store=InMemoryCounters(),
        orders_client=OrdersClient("http://orders:8000", session=session),
    )
    with TestClient(app) as test_client:
        yield test_client


def test_product_is_relayed_without_internal_fields_when_catalog_has_it(
    client: TestClient,
) -> None:
    response = client.get("/products/7")

    assert response.status_code == 200
    assert response.json()["reviews"] == {"count": 2, "average_rating": 4.5}
    assert "active" not in response.json()


def test_product_list_is_relayed_when_catalog_answers(client: TestClient) -> None:
    response = client.get("/products", params={"q": "lamp"})

    assert [product["sku"] for product in response.json()] == ["LAMP-01"]


def test_missing_product_is_404_when_catalog_does_not_know_it(client: TestClient) -> None:
    assert client.get("/products/999").status_code == 404


def test_order_is_forwarded_to_orders_when_valid(
    client: TestClient, orders_adapter: OrdersAdapter
) -> None:
    response = client.post("/orders", json=ORDER)

    assert response.status_code == 201
    assert response.json()["id"] == 41
    assert json.loads(orders_adapter.sent[0].body or b"") == ORDER


def test_order_is_rejected_before_orders_when_a_sku_repeats(
    client: TestClient, orders_adapter: OrdersAdapter
) -> None:
    line = {"sku": "LAMP-01", "quantity": 1}

    response = client.post("/orders", json={**ORDER, "items": [line, line]})

    assert response.status_code == 422
    assert orders_adapter.sent == []


def test_unknown_order_is_404_when_orders_says_so(client: TestClient) -> None:
    assert client.get("/orders/5").json() == {"detail": "order not found"}


def test_requests_are_refused_with_retry_after_when_over_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "rate_limit_per_minute", 3)
    monkeypatch.setattr(ratelimit, "time", FrozenClock(1_800_000_030.0))
    counters = InMemoryCounters()
    app = create_app(
        catalog_transport=httpx.MockTransport(catalog_handler),
        counter_store=counters,
        orders_client=OrdersClient("http://orders:8000", session=requests.Session()),
    )
    with TestClient(app) as test_client:
        for _ in range(3):
            assert test_client.get("/products/7").status_code == 200
        refused = test_client.get("/products/7")

    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "30"
    assert counters.ttls == {"ratelimit:testclient:30000000": 60}
