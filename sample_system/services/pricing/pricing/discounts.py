"""Volume discounts: the more units of one product in an order, the lower the unit price."""

from __future__ import annotations

from dataclasses import dataclass

# (minimum quantity, percent off), highest threshold first.
VOLUME_TIERS: tuple[tuple[int, int], ...] = ((50, 10), (10, 5))


@dataclass(frozen=True)
class Quote:
    unit_price_cents: int
    discount_percent: int


def quote(list_price_cents: int, quantity: int) -> Quote:
    """Unit price for `quantity` units; discounts round down in the customer's favour."""
    if quantity < 1:
        raise ValueError("quantity must be at least 1")
    percent = next((off for minimum, off in VOLUME_TIERS if quantity >= minimum), 0)
    discounted = list_price_cents * (100 - percent) // 100
    return Quote(unit_price_cents=discounted, discount_percent=percent)
