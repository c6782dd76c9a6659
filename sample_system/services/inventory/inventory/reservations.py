"""Reserving stock for an order: all lines or none, priced by the pricing service.

Prices are fetched before any row is locked, so a slow pricing call never holds stock
locks; the lock-and-check then runs in one short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from opentelemetry import trace

from inventory.models import Reservation, ReservationLine, StockItem
from inventory.pricing_client import PriceNotFoundError, PricingClient, UnitPrice

tracer = trace.get_tracer(__name__)


class UnknownSkuError(Exception):
    """Some skus are not stocked, or pricing no longer sells them."""

    def __init__(self, skus: list[str]) -> None:
        super().__init__(f"unknown sku: {', '.join(skus)}")
        self.skus = skus


class InsufficientStockError(Exception):
    """Some lines ask for more than is available; `shortages` maps sku to units available."""

    def __init__(self, shortages: dict[str, int]) -> None:
        details = ", ".join(f"{sku}: {left} available" for sku, left in shortages.items())
        super().__init__(f"insufficient stock ({details})")
        self.shortages = shortages


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int


def reserve(order_ref: str, lines: list[Line], pricing: PricingClient) -> tuple[Reservation, bool]:
    """The order's reservation and whether it was created now (False: made earlier)."""
    with tracer.start_as_current_span("inventory.reserve") as span:
        span.set_attribute("shopfront.order_ref", order_ref)
        existing = Reservation.objects.filter(order_ref=order_ref).first()
        if existing is not None:
            return existing, False
        skus = [line.sku for line in lines]
        stocked = set(StockItem.objects.filter(sku__in=skus).values_list("sku", flat=True))
        if unknown := [sku for sku in skus if sku not in stocked]:
            raise UnknownSkuError(unknown)
        prices = _prices(lines, pricing)
        try:
            return _hold(order_ref, lines, prices), True
        except IntegrityError:
            # A concurrent retry of the same order won the race; answer with its reservation.
            return Reservation.objects.get(order_ref=order_ref), False


def _prices(lines: list[Line], pricing: PricingClient) -> dict[str, UnitPrice]:
    prices: dict[str, UnitPrice] = {}
    missing: list[str] = []
    for line in lines:
        try:
            prices[line.sku] = pricing.unit_price(line.sku, line.quantity)
        except PriceNotFoundError:
            missing.append(line.sku)
    if missing:
        raise UnknownSkuError(missing)
    return prices


def _hold(order_ref: str, lines: list[Line], prices: dict[str, UnitPrice]) -> Reservation:
    with transaction.atomic():
        return _hold_locked(order_ref, lines, prices)


def _hold_locked(order_ref: str, lines: list[Line], prices: dict[str, UnitPrice]) -> Reservation:
    items = StockItem.objects.select_for_update().in_bulk(
        [line.sku for line in lines], field_name="sku"
    )
    shortages = {
        line.sku: items[line.sku].available
        for line in lines
        if items[line.sku].available < line.quantity
    }
    if shortages:
        raise InsufficientStockError(shortages)
    for line in lines:
        item = items[line.sku]
        item.reserved += line.quantity
        item.save(update_fields=["reserved", "updated_at"])
    reservation: Reservation = Reservation.objects.create(order_ref=order_ref)
    ReservationLine.objects.bulk_create(
        ReservationLine(
            reservation=reservation,
            sku=line.sku,
            quantity=line.quantity,
            unit_price_cents=prices[line.sku].unit_price_cents,
            currency=prices[line.sku].currency,
        )
        for line in lines
    )
    return reservation
