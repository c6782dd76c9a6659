"""The charge request accepted from orders, validated before any money moves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SUPPORTED_CURRENCIES = frozenset({"eur", "usd", "gbp"})
MAX_AMOUNT_CENTS = 1_000_000_00


class InvalidChargeError(ValueError):
    """The request body cannot become a charge; the message is safe to return to the caller."""


@dataclass(frozen=True)
class ChargeRequest:
    """One order to be charged once, whatever the number of retries."""

    order_id: str
    amount_cents: int
    currency: str
    payment_method: str
    customer_email: str | None = None

    @classmethod
    def from_json(cls, body: Any) -> ChargeRequest:
        """Reject anything orders should never send rather than letting the provider decide."""
        if not isinstance(body, dict):
            raise InvalidChargeError("body must be a JSON object")
        order_id = body.get("order_id")
        if not isinstance(order_id, str) or not order_id.strip():
            raise InvalidChargeError("order_id must be a non-empty string")
        amount = body.get("amount_cents")
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise InvalidChargeError("amount_cents must be an integer")
        if not 0 < amount <= MAX_AMOUNT_CENTS:
            raise InvalidChargeError("amount_cents is out of range")
        currency = str(body.get("currency", "")).lower()
        if currency not in SUPPORTED_CURRENCIES:
            raise InvalidChargeError(f"currency must be one of {sorted(SUPPORTED_CURRENCIES)}")
        method = body.get("payment_method")
        if not isinstance(method, str) or not method:
            raise InvalidChargeError("payment_method must be a provider payment token")
        email = body.get("customer_email")
        return cls(
            order_id.strip(), amount, currency, method, email if isinstance(email, str) else None
        )


@dataclass(frozen=True)
class Charge:
    """A charge the provider accepted."""

    charge_id: str
    order_id: str
    amount_cents: int
    currency: str
    status: str

    def to_json(self) -> dict[str, Any]:
        return {
            "charge_id": self.charge_id,
            "order_id": self.order_id,
            "amount_cents": self.amount_cents,
            "currency": self.currency,
            "status": self.status,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Charge:
        return cls(
            charge_id=str(data["charge_id"]),
            order_id=str(data["order_id"]),
            amount_cents=int(data["amount_cents"]),
            currency=str(data["currency"]),
            status=str(data["status"]),
        )
