"""Shipping labels: a deterministic tracking number and a printable label per order."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from shipping.events import OrderCreated


@dataclass(frozen=True)
class Label:
    order_id: str
    carrier: str
    tracking_number: str
    body: bytes

    @property
    def key(self) -> str:
        """One object per order, so a redelivered message overwrites rather than duplicates."""
        return f"labels/{self.order_id}.txt"


def tracking_number(order_id: str) -> str:
    """Derived from the order id so every redelivery of the same order gets the same number."""
    digest = hashlib.sha256(order_id.encode()).hexdigest()[:12].upper()
    return f"SF{digest}"


def make_label(order: OrderCreated, carrier: str) -> Label:
    number = tracking_number(order.order_id)
    address = order.address
    parcel = ", ".join(f"{quantity} x {sku}" for sku, quantity in order.items)
    text = "\n".join(
        [
            f"{carrier} PARCEL  {number}",
            "",
            address.name,
            address.line1,
            f"{address.postal_code} {address.city}",
            address.country.upper(),
            "",
            f"Order {order.order_id}: {parcel}",
            "",
        ]
    )
    return Label(order.order_id, carrier, number, text.encode())
