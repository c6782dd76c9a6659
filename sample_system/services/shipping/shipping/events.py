"""The order.created event as orders publishes it, validated on the way in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class InvalidEventError(ValueError):
    """The message can never be processed; it goes to the dead-letter exchange, not back."""


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidEventError(f"{name} must be a non-empty string")
    return value.strip()


@dataclass(frozen=True)
class Address:
    name: str
    line1: str
    postal_code: str
    city: str
    country: str

    @classmethod
    def from_json(cls, data: Any) -> Address:
        if not isinstance(data, dict):
            raise InvalidEventError("shipping_address must be an object")
        fields = ("name", "line1", "postal_code", "city", "country")
        return cls(*(_text(data, name) for name in fields))


@dataclass(frozen=True)
class OrderCreated:
    """The parts of a new order that shipping needs."""

    order_id: str
    customer_email: str
    address: Address
    items: tuple[tuple[str, int], ...]

    @classmethod
    def from_body(cls, body: bytes) -> OrderCreated:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidEventError(f"body is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise InvalidEventError("body must be a JSON object")
        raw_items = data.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            raise InvalidEventError("items must be a non-empty list")
        items = tuple((_text(item, "sku"), int(item.get("quantity", 1))) for item in raw_items)
        return cls(
            order_id=_text(data, "order_id"),
            customer_email=_text(data, "customer_email"),
            address=Address.from_json(data.get("shipping_address")),
            items=items,
        )
