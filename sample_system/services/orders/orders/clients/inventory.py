"""Stock reservation on the inventory service.

Reservations are keyed by the order reference, so inventory answers a retried request with
the reservation it already made instead of reserving twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx
from opentelemetry import trace

from orders.settings import settings

tracer = trace.get_tracer(__name__)


class InventoryUnavailableError(Exception):
    """Inventory could not be reached or failed on its side."""


class StockRejectedError(Exception):
    """Inventory refused the reservation: out of stock (409) or unknown sku (404)."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail


@dataclass(frozen=True)
class ReservedLine:
    sku: str
    quantity: int
    unit_price_cents: int
    currency: str


def reserve_stock(
    http: httpx.Client, order_ref: str, lines: list[tuple[str, int]]
) -> list[ReservedLine]:
    """Reserve every line or none; returns the lines priced by inventory."""
    body = {
        "order_ref": order_ref,
        "items": [{"sku": sku, "quantity": quantity} for sku, quantity in lines],
    }
    with tracer.start_as_current_span("inventory.reserve_stock") as span:
        span.set_attribute("shopfront.order_ref", order_ref)
        try:
            response = http.post(urljoin(settings.inventory_url, "/api/stock/reserve/"), json=body)
        except httpx.HTTPError as exc:
            raise InventoryUnavailableError(str(exc)) from exc
    if response.status_code in (404, 409):
        raise StockRejectedError(response.status_code, _detail(response))
    if response.is_error:
        raise InventoryUnavailableError(f"inventory answered {response.status_code}")
    return [_reserved_line(item) for item in response.json()["items"]]


def _reserved_line(item: dict[str, Any]) -> ReservedLine:
    return ReservedLine(
        sku=str(item["sku"]),
        quantity=int(item["quantity"]),
        unit_price_cents=int(item["unit_price_cents"]),
        currency=str(item["currency"]),
    )


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", response.text))
    except ValueError:
        return response.text
