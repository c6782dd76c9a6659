"""Booking payments.completed records, with the Mongo collection faked at its boundary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord
from ledger.handler import Outcome, handle_record
from ledger.store import LedgerStore
from pymongo.errors import AutoReconnect
from pymongo.results import UpdateResult

EVENT = {
    "event_id": "1f0c6c1e-5b7a-5d43-9c55-0e0f7d1d2a11",
    "type": "payments.completed",
    "charge_id": "ch_3PqX",
    "order_id": "ord-42",
    "amount_cents": 2599,
    "currency": "eur",
    "occurred_at": "2026-11-28T19:30:00+00:00",
}


@dataclass
class FakeEntries:
    """Implements update_one's upsert + $setOnInsert the way MongoDB applies them."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_with: Exception | None = None

    def update_one(
        self, filter: dict[str, Any], update: dict[str, Any], upsert: bool = False
    ) -> UpdateResult:
        if self.fail_with is not None:
            raise self.fail_with
        key = filter["_id"]
        if key in self.documents:
            return UpdateResult({"n": 1, "nModified": 0, "ok": 1.0}, acknowledged=True)
        assert upsert
        self.documents[key] = update["$setOnInsert"]
        return UpdateResult({"n": 1, "nModified": 0, "upserted": key, "ok": 1.0}, acknowledged=True)


def record(value: bytes, offset: int = 0) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic="payments.completed",
        partition=0,
        offset=offset,
        timestamp=1_795_000_000_000,
        timestamp_type=0,
        key=b"ord-42",
        value=value,
        checksum=None,
        serialized_key_size=6,
        serialized_value_size=len(value),
        headers=[],
    )


def test_balanced_entry_is_booked_when_payment_completes() -> None:
    entries = FakeEntries()

    outcome = handle_record(record(json.dumps(EVENT).encode()), LedgerStore(entries))

    assert outcome is Outcome.BOOKED
    document = entries.documents[EVENT["event_id"]]  # type: ignore[index]
    assert document["order_id"] == "ord-42"
    assert document["currency"] == "EUR"
    assert document["lines"] == [
        {"account": "assets:cash:payment-provider", "debit": 2599, "credit": 0},
        {"account": "income:orders", "debit": 0, "credit": 2599},
    ]


def test_nothing_changes_when_event_is_redelivered() -> None:
    entries = FakeEntries()
    store = LedgerStore(entries)
    handle_record(record(json.dumps(EVENT).encode(), offset=5), store)

    outcome = handle_record(record(json.dumps(EVENT).encode(), offset=6), store)

    assert outcome is Outcome.DUPLICATE
    assert len(entries.documents) == 1


@pytest.mark.parametrize(
    "value",
    [
        b"\xff\xfe",
        json.dumps({**EVENT, "amount_cents": -5}).encode(),
        json.dumps({**EVENT, "amount_cents": True}).encode(),
        json.dumps({**EVENT, "occurred_at": "yesterday"}).encode(),
        json.dumps({k: v for k, v in EVENT.items() if k != "event_id"}).encode(),
    ],
)
def test_event_is_rejected_without_writing_when_invalid(value: bytes) -> None:
    entries = FakeEntries()

    assert handle_record(record(value), LedgerStore(entries)) is Outcome.REJECTED
    assert entries.documents == {}


def test_error_reaches_consumer_when_mongo_is_unreachable() -> None:
    entries = FakeEntries(fail_with=AutoReconnect("mongo:27017: connection refused"))

    with pytest.raises(AutoReconnect):
        handle_record(record(json.dumps(EVENT).encode()), LedgerStore(entries))
