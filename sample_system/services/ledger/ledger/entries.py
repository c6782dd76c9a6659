"""Turns a payments.completed event into a balanced ledger entry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

CASH_ACCOUNT = "assets:cash:payment-provider"
REVENUE_ACCOUNT = "income:orders"


class InvalidEventError(ValueError):
    """The event can never be booked; retrying it would block the partition forever."""


@dataclass(frozen=True)
class Line:
    account: str
    debit_cents: int
    credit_cents: int


@dataclass(frozen=True)
class LedgerEntry:
    """One booking per payment; the event id is the document id, which makes replays no-ops."""

    event_id: str
    order_id: str
    charge_id: str
    currency: str
    occurred_at: datetime
    lines: tuple[Line, ...]

    def is_balanced(self) -> bool:
        return sum(line.debit_cents - line.credit_cents for line in self.lines) == 0

    def to_document(self) -> dict[str, Any]:
        return {
            "_id": self.event_id,
            "order_id": self.order_id,
            "charge_id": self.charge_id,
            "currency": self.currency,
            "occurred_at": self.occurred_at,
            "lines": [
                {"account": line.account, "debit": line.debit_cents, "credit": line.credit_cents}
                for line in self.lines
            ],
        }


def _field(event: dict[str, Any], name: str, kind: type) -> Any:
    value = event.get(name)
    if not isinstance(value, kind) or isinstance(value, bool) or value in ("", None):
        raise InvalidEventError(f"{name} must be a {kind.__name__}")
    return value


def entry_from_event(raw: bytes) -> LedgerEntry:
    try:
        event = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidEventError(f"not JSON: {exc}") from exc
    if not isinstance(event, dict):
        raise InvalidEventError("event must be a JSON object")
    amount = _field(event, "amount_cents", int)
    if amount <= 0:
        raise InvalidEventError("amount_cents must be positive")
    try:
        occurred = datetime.fromisoformat(_field(event, "occurred_at", str))
    except ValueError as exc:
        raise InvalidEventError("occurred_at must be an ISO 8601 timestamp") from exc
    entry = LedgerEntry(
        event_id=_field(event, "event_id", str),
        order_id=_field(event, "order_id", str),
        charge_id=_field(event, "charge_id", str),
        currency=_field(event, "currency", str).upper(),
        occurred_at=occurred,
        lines=(Line(CASH_ACCOUNT, amount, 0), Line(REVENUE_ACCOUNT, 0, amount)),
    )
    if not entry.is_balanced():
        raise InvalidEventError("entry does not balance")
    return entry
