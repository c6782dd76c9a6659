"""Pricing served by a real in-process gRPC server on a free port; the catalog database is
replaced at the price-list boundary (no PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
import pytest
from pricing import pricing_pb2, pricing_pb2_grpc
from pricing.price_list import ListPrice, PriceListUnavailableError
from pricing.server import build_server


class InMemoryPriceList:
    def __init__(self, prices: dict[str, ListPrice]) -> None:
        self.prices = prices
        self.down = False

    def list_price(self, sku: str) -> ListPrice | None:
        if self.down:
            raise PriceListUnavailableError("connection refused")
        return self.prices.get(sku)


@pytest.fixture
def price_list() -> InMemoryPriceList:
    return InMemoryPriceList({"LAMP-01": ListPrice("LAMP-01", 3999, "EUR")})


@pytest.fixture
def stub(price_list: InMemoryPriceList) -> Iterator[pricing_pb2_grpc.PricingStub]:
    server, port = build_server(price_list, "127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield pricing_pb2_grpc.PricingStub(channel)
    server.stop(None)


def get_price(
    stub: pricing_pb2_grpc.PricingStub, sku: str, quantity: int
) -> pricing_pb2.GetPriceResponse:
    request = pricing_pb2.GetPriceRequest(sku=sku, quantity=quantity)
    response: pricing_pb2.GetPriceResponse = stub.GetPrice(request, timeout=5)
    return response


def test_list_price_is_returned_when_quantity_is_below_every_tier(
    stub: pricing_pb2_grpc.PricingStub,
) -> None:
    response = get_price(stub, "LAMP-01", 2)

    assert (response.unit_price_cents, response.currency, response.discount_percent) == (
        3999,
        "EUR",
        0,
    )


def test_volume_discount_is_applied_when_quantity_reaches_a_tier(
    stub: pricing_pb2_grpc.PricingStub,
) -> None:
    response = get_price(stub, "LAMP-01", 10)

    assert response.discount_percent == 5
    assert response.unit_price_cents == 3799
    assert response.list_price_cents == 3999


def test_not_found_when_sku_is_unknown(stub: pricing_pb2_grpc.PricingStub) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        get_price(stub, "NOPE-01", 1)

    assert raised.value.code() is grpc.StatusCode.NOT_FOUND


def test_invalid_argument_when_quantity_is_zero(stub: pricing_pb2_grpc.PricingStub) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        get_price(stub, "LAMP-01", 0)

    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_unavailable_when_catalog_database_is_down(
    stub: pricing_pb2_grpc.PricingStub, price_list: InMemoryPriceList
) -> None:
    price_list.down = True

    with pytest.raises(grpc.RpcError) as raised:
        get_price(stub, "LAMP-01", 1)

    assert raised.value.code() is grpc.StatusCode.UNAVAILABLE
