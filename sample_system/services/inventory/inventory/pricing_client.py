"""Unit prices from the pricing service over gRPC (stubs vendored from proto/pricing.proto)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import grpc
from django.conf import settings
from opentelemetry import trace

from inventory import pricing_pb2, pricing_pb2_grpc

tracer = trace.get_tracer(__name__)


class PriceNotFoundError(Exception):
    """Pricing knows no active product with this sku."""


class PricingUnavailableError(Exception):
    """Pricing could not answer in time or failed on its side."""


@dataclass(frozen=True)
class UnitPrice:
    unit_price_cents: int
    currency: str


class PricingClient:
    """Asks pricing for unit prices over one long-lived channel (gRPC channels multiplex)."""

    def __init__(self) -> None:
        self._stub = pricing_pb2_grpc.PricingStub(grpc.insecure_channel(settings.PRICING_ADDR))
        self._timeout = settings.PRICING_TIMEOUT_SECONDS

    def unit_price(self, sku: str, quantity: int) -> UnitPrice:
        request = pricing_pb2.GetPriceRequest(sku=sku, quantity=quantity)
        with tracer.start_as_current_span("pricing.GetPrice") as span:
            span.set_attribute("shopfront.sku", sku)
            try:
                response = self._stub.GetPrice(request, timeout=self._timeout)
            except grpc.RpcError as exc:
                if exc.code() == grpc.StatusCode.NOT_FOUND:
                    raise PriceNotFoundError(sku) from exc
                raise PricingUnavailableError(f"{exc.code()}: {exc.details()}") from exc
        return UnitPrice(response.unit_price_cents, response.currency)


@cache
def pricing_client() -> PricingClient:
    """The process-wide client, created on first use (after Django settings are loaded)."""
    return PricingClient()
