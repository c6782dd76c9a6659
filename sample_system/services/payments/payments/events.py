"""Announces completed payments on Kafka so the ledger (and anyone else) can book them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Protocol

from aiokafka import AIOKafkaProducer
from opentelemetry import trace

from payments.charges import Charge
from payments.settings import KAFKA_BOOTSTRAP_SERVERS

tracer = trace.get_tracer(__name__)

COMPLETED_TOPIC = "payments.completed"


class EventProducer(Protocol):
    """The slice of AIOKafkaProducer this module uses."""

    async def send_and_wait(self, topic: str, value: bytes, key: bytes) -> object: ...


def build_producer() -> AIOKafkaProducer:
    """Waits for all in-sync replicas: a lost payment event means an unbooked payment."""
    return AIOKafkaProducer(
        bootstrap_servers=KAFKA_BOOTSTRAP_SERVERS,
        client_id="payments",
        acks="all",
        enable_idempotence=True,
    )


def completed_event(charge: Charge, *, now: datetime | None = None) -> dict[str, object]:
    """event_id derives from the charge id so a re-sent event is recognisably the same event."""
    occurred = now or datetime.now(UTC)
    return {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"payments/{charge.charge_id}")),
        "type": COMPLETED_TOPIC,
        "charge_id": charge.charge_id,
        "order_id": charge.order_id,
        "amount_cents": charge.amount_cents,
        "currency": charge.currency,
        "occurred_at": occurred.isoformat(),
    }


class PaymentEvents:
    """One event per completed charge, keyed by order id so each order's events stay in order."""

    def __init__(self, producer: EventProducer) -> None:
        self._producer = producer

    async def payment_completed(self, charge: Charge) -> None:
        with tracer.start_as_current_span("payments.publish_completed") as span:
            span.set_attribute("messaging.destination.name", COMPLETED_TOPIC)
            body = json.dumps(completed_event(charge), sort_keys=True).encode()
            await self._producer.send_and_wait(
                COMPLETED_TOPIC, value=body, key=charge.order_id.encode()
            )
