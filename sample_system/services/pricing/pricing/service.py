"""The Pricing gRPC service (see proto/pricing.proto)."""

from __future__ import annotations

import logging
from typing import NoReturn

import grpc
from opentelemetry import trace

from pricing import pricing_pb2, pricing_pb2_grpc
from pricing.discounts import quote
from pricing.price_list import PriceList, PriceListUnavailableError

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

MAX_QUANTITY = 10_000


class PricingService(pricing_pb2_grpc.PricingServicer):
    """Answers GetPrice from the catalog's list prices and the volume discount tiers."""

    def __init__(self, price_list: PriceList) -> None:
        self._price_list = price_list

    def GetPrice(
        self, request: pricing_pb2.GetPriceRequest, context: grpc.ServicerContext
    ) -> pricing_pb2.GetPriceResponse:
        with tracer.start_as_current_span("pricing.get_price") as span:
            span.set_attribute("shopfront.sku", request.sku)
            if not request.sku:
                _abort(context, grpc.StatusCode.INVALID_ARGUMENT, "sku is required")
            if not 1 <= request.quantity <= MAX_QUANTITY:
                _abort(
                    context, grpc.StatusCode.INVALID_ARGUMENT, f"quantity must be 1-{MAX_QUANTITY}"
                )
            try:
                list_price = self._price_list.list_price(request.sku)
            except PriceListUnavailableError:
                logger.exception("price list unavailable")
                _abort(context, grpc.StatusCode.UNAVAILABLE, "price list unavailable")
            if list_price is None:
                _abort(context, grpc.StatusCode.NOT_FOUND, f"no active product {request.sku}")
            price = quote(list_price.price_cents, request.quantity)
            return pricing_pb2.GetPriceResponse(
                sku=list_price.sku,
                unit_price_cents=price.unit_price_cents,
                currency=list_price.currency,
                discount_percent=price.discount_percent,
                list_price_cents=list_price.price_cents,
            )


def _abort(context: grpc.ServicerContext, code: grpc.StatusCode, details: str) -> NoReturn:
    context.abort(code, details)
    raise AssertionError("ServicerContext.abort() raises")  # grpc's stubs do not say so
