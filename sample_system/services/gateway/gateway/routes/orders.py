"""Public ordering, relayed to the orders service after validating the request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, status
from opentelemetry import trace
from pydantic import BaseModel, Field

from gateway.clients.orders import OrderRejectedError, OrdersUnavailableError
from gateway.dependencies import Orders, enforce_rate_limit

router = APIRouter(prefix="/orders", tags=["orders"], dependencies=[Depends(enforce_rate_limit)])
tracer = trace.get_tracer(__name__)


class OrderLine(BaseModel):
    sku: str = Field(min_length=1, max_length=64, pattern=r"^[A-Z0-9-]+$")
    quantity: int = Field(ge=1, le=100)


class ShippingAddress(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    line1: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=100)
    country: str = Field(pattern=r"^[A-Z]{2}$")


class NewOrder(BaseModel):
    """An order as customers submit it; prices are never trusted from the client."""

    customer_id: str = Field(min_length=1, max_length=64)
    customer_email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    payment_method: str = Field(min_length=1, max_length=255)
    shipping_address: ShippingAddress
    items: list[OrderLine] = Field(min_length=1, max_length=50)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_order(order: NewOrder, orders: Orders) -> dict[str, Any]:
    skus = [line.sku for line in order.items]
    if len(set(skus)) != len(skus):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="each sku may appear only once"
        )
    with tracer.start_as_current_span("gateway.create_order"):
        return _relay(lambda: orders.create_order(order.model_dump()))


@router.get("/{order_id}")
def get_order(order_id: int, orders: Orders) -> dict[str, Any]:
    with tracer.start_as_current_span("gateway.get_order"):
        return _relay(lambda: orders.get_order(order_id))


def _relay(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        result = call()
    except OrderRejectedError as exc:
        raise HTTPException(exc.status_code, detail=exc.detail) from exc
    except OrdersUnavailableError as exc:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail="orders unavailable") from exc
    return result
