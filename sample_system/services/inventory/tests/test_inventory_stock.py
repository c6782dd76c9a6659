"""The inventory Django app in-process: Django's test client on in-memory SQLite (set up by
sample_system/conftest.py), and a real gRPC server on a free port standing in for pricing."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import setup_test_environment, teardown_test_environment
from inventory import pricing_pb2, pricing_pb2_grpc
from inventory.pricing_client import pricing_client
from rest_framework.test import APIClient

PRICES = {"LAMP-01": 3999, "MUG-01": 1250}
ORDER = {"order_ref": "order-1", "items": [{"sku": "LAMP-01", "quantity": 2}]}


class PricingStandIn(pricing_pb2_grpc.PricingServicer):
    """Answers GetPrice like the pricing service, from a fixed price list."""

    def GetPrice(
        self, request: pricing_pb2.GetPriceRequest, context: grpc.ServicerContext
    ) -> pricing_pb2.GetPriceResponse:
        if request.sku not in PRICES:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no active product {request.sku}")
        return pricing_pb2.GetPriceResponse(
            sku=request.sku, unit_price_cents=PRICES[request.sku], currency="EUR"
        )


@pytest.fixture(scope="module")
def pricing_address() -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    pricing_pb2_grpc.add_PricingServicer_to_server(PricingStandIn(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(None)


@pytest.fixture(scope="module")
def test_database() -> Iterator[None]:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    yield
    connection.creation.destroy_test_db(old_name, verbosity=0)
    teardown_test_environment()


@pytest.fixture
def api(test_database: None, pricing_address: str) -> Iterator[APIClient]:
    """A client whose every write is rolled back after the test."""
    with override_settings(PRICING_ADDR=pricing_address), transaction.atomic():
        pricing_client.cache_clear()
        yield APIClient()
        transaction.set_rollback(True)
    pricing_client.cache_clear()


def stock(api: APIClient, sku: str) -> dict[str, int]:
    data: dict[str, int] = api.get(f"/api/stock/{sku}/").json()
    return data


def test_reservation_is_priced_and_holds_stock_when_stock_suffices(api: APIClient) -> None:
    api.put("/api/stock/LAMP-01/", {"on_hand": 5}, format="json")

    response = api.post("/api/stock/reserve/", ORDER, format="json")

    assert response.status_code == 201
    assert response.json()["items"] == [
        {"sku": "LAMP-01", "quantity": 2, "unit_price_cents": 3999, "currency": "EUR"}
    ]
    assert (stock(api, "LAMP-01")["reserved"], stock(api, "LAMP-01")["available"]) == (2, 3)


def test_retry_gets_the_same_reservation_when_order_ref_repeats(api: APIClient) -> None:
    api.put("/api/stock/LAMP-01/", {"on_hand": 5}, format="json")
    first = api.post("/api/stock/reserve/", ORDER, format="json")

    retry = api.post("/api/stock/reserve/", ORDER, format="json")

    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert stock(api, "LAMP-01")["reserved"] == 2


def test_nothing_is_reserved_when_one_line_is_short(api: APIClient) -> None:
    api.put("/api/stock/LAMP-01/", {"on_hand": 5}, format="json")
    api.put("/api/stock/MUG-01/", {"on_hand": 1}, format="json")
    items = [{"sku": "LAMP-01", "quantity": 2}, {"sku": "MUG-01", "quantity": 3}]

    response = api.post("/api/stock/reserve/", {"order_ref": "o-2", "items": items}, format="json")

    assert response.status_code == 409
    assert "MUG-01: 1 available" in response.json()["detail"]
    assert stock(api, "LAMP-01")["reserved"] == 0


def test_not_found_when_sku_is_not_stocked(api: APIClient) -> None:
    response = api.post("/api/stock/reserve/", ORDER, format="json")

    assert response.status_code == 404


def test_not_found_when_pricing_no_longer_sells_the_sku(api: APIClient) -> None:
    api.put("/api/stock/OLD-01/", {"on_hand": 5}, format="json")
    order = {"order_ref": "o-3", "items": [{"sku": "OLD-01", "quantity": 1}]}

    response = api.post("/api/stock/reserve/", order, format="json")

    assert response.status_code == 404
    assert stock(api, "OLD-01")["reserved"] == 0


def test_service_unavailable_when_pricing_is_down(api: APIClient) -> None:
    api.put("/api/stock/LAMP-01/", {"on_hand": 5}, format="json")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with override_settings(PRICING_ADDR=f"127.0.0.1:{closed_port}"):
        pricing_client.cache_clear()
        response = api.post("/api/stock/reserve/", ORDER, format="json")

    assert response.status_code == 503
    assert stock(api, "LAMP-01")["reserved"] == 0


def test_restock_is_refused_when_it_would_go_below_reserved(api: APIClient) -> None:
    api.put("/api/stock/LAMP-01/", {"on_hand": 5}, format="json")
    api.post("/api/stock/reserve/", ORDER, format="json")

    response = api.put("/api/stock/LAMP-01/", {"on_hand": 1}, format="json")

    assert response.status_code == 400
    assert stock(api, "LAMP-01")["on_hand"] == 5
