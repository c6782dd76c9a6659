"""The order service in-process: SQLite for PostgreSQL, httpx mock transports for inventory
and payments, Celery's in-memory broker; only pika is replaced at the connection boundary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

import httpx
import pytest
from celery import Celery
from fastapi.testclient import TestClient
from orders.app import create_app
from orders.events import OrderEvents
from orders.notifications import request_order_confirmation
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

PRICES = {"LAMP-01": 3999, "MUG-01": 1250}

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
    "items": [{"sku": "LAMP-01", "quantity": 2}, {"sku": "MUG-01", "quantity": 1}],
}


class RecordingChannel:
    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def exchange_declare(self, **kwargs: Any) -> None:
        assert kwargs == {"exchange": "orders", "exchange_type": "topic", "durable": True}

    def basic_publish(self, **kwargs: Any) -> None:
        self.published.append(kwargs)


class RecordingConnection:
    """Stands in for pika.BlockingConnection (pika has no transport seam to fake below it)."""

    def __init__(self, channel: RecordingChannel) -> None:
        self._channel = channel
        self.closed = False

    def channel(self) -> RecordingChannel:
        return self._channel

    def close(self) -> None:
        self.closed = True


def inventory(request: httpx.Request) -> httpx.Response:
    assert str(request.url) == "http://inventory:8000/api/stock/reserve/"
    body = json.loads(request.content)
    if any(item["sku"] == "GONE-01" for item in body["items"]):
        return httpx.Response(409, json={"detail": "GONE-01: 0 available"})
    items = [
        {**item, "unit_price_cents": PRICES[item["sku"]], "currency": "EUR"}
        for item in body["items"]
    ]
    return httpx.Response(201, json={"order_ref": body["order_ref"], "items": items})


def payments(request: httpx.Request) -> httpx.Response:
    assert str(request.url) == "http://payments:8080/charges"
    body = json.loads(request.content)
    assert request.headers["Idempotency-Key"] == f"order:{body['order_id']}"
    if body["payment_method"] == "tok_declined":
        return httpx.Response(402, json={"error": "card declined"})
    return httpx.Response(201, json={"charge_id": "ch_1", "status": "succeeded", **body})


@pytest.fixture
def channel() -> RecordingChannel:
    return RecordingChannel()


@pytest.fixture
def celery_app() -> Celery:
    return Celery("orders-test", broker="memory://")


@pytest.fixture
def client(channel: RecordingChannel, celery_app: Celery) -> Iterator[TestClient]:
    engine = create_engine(
        "sqlite+pysqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    app = create_app(
        engine=engine,
        inventory_transport=httpx.MockTransport(inventory),
        payments_transport=httpx.MockTransport(payments),
        events=OrderEvents(connection_factory=lambda: RecordingConnection(channel)),
        notify=partial(request_order_confirmation, app=celery_app),
    )
    with TestClient(app) as test_client:
        yield test_client
    engine.dispose()


def queued_tasks(celery_app: Celery) -> list[tuple[str, dict[str, Any]]]:
    tasks = []
    with celery_app.connection_for_read() as connection:
        queue = connection.SimpleQueue("celery")
        while queue.qsize():
            message = queue.get(timeout=1)
            tasks.append((message.headers["task"], message.decode()[1]))
            message.ack()
        queue.close()
    return tasks


def test_order_is_confirmed_and_announced_when_stock_and_payment_succeed(
    client: TestClient, channel: RecordingChannel, celery_app: Celery
) -> None:
    response = client.post("/orders", json=ORDER)

    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert response.json()["total_cents"] == 2 * 3999 + 1250
    [published] = channel.published
    assert (published["exchange"], published["routing_key"]) == ("orders", "order.created")
    assert json.loads(published["body"])["shipping_address"]["city"] == "London"
    [(task, kwargs)] = queued_tasks(celery_app)
    assert task == "notifications.send_order_confirmation"
    assert kwargs["total_cents"] == 9248


def test_order_is_rejected_with_409_when_inventory_is_out_of_stock(
    client: TestClient, channel: RecordingChannel
) -> None:
    response = client.post("/orders", json={**ORDER, "items": [{"sku": "GONE-01", "quantity": 1}]})

    order = client.get(f"/orders/{response.headers['X-Order-Id']}").json()
    assert response.status_code == 409
    assert order["status"] == "rejected"
    assert channel.published == []


def test_order_is_marked_declined_with_402_when_payment_is_declined(
    client: TestClient, celery_app: Celery
) -> None:
    response = client.post("/orders", json={**ORDER, "payment_method": "tok_declined"})

    order = client.get(f"/orders/{response.headers['X-Order-Id']}").json()
    assert response.status_code == 402
    assert order["status"] == "payment_declined"
    assert queued_tasks(celery_app) == []


def test_orders_are_listed_newest_first_when_customer_has_several(client: TestClient) -> None:
    first = client.post("/orders", json=ORDER).json()["id"]
    second = client.post("/orders", json=ORDER).json()["id"]

    listed = client.get("/orders", params={"customer_id": "c-1"}).json()

    assert [order["id"] for order in listed] == [second, first]


def test_order_is_refused_before_any_call_when_a_sku_repeats(
    client: TestClient, channel: RecordingChannel
) -> None:
    line = {"sku": "LAMP-01", "quantity": 1}

    response = client.post("/orders", json={**ORDER, "items": [line, line]})

    assert response.status_code == 422
    assert client.get("/orders", params={"customer_id": "c-1"}).json() == []
