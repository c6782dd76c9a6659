"""Books one Kafka record; decides what is skipped and what must be retried."""

from __future__ import annotations

import logging
from enum import Enum

from aiokafka.structs import ConsumerRecord
from opentelemetry import trace

from ledger.entries import InvalidEventError, entry_from_event
from ledger.store import LedgerStore

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)


class Outcome(Enum):
    BOOKED = "booked"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


def handle_record(record: ConsumerRecord[bytes, bytes], store: LedgerStore) -> Outcome:
    """Store errors propagate (the consumer retries); bad events are logged and skipped."""
    with tracer.start_as_current_span("ledger.handle_payment_completed") as span:
        span.set_attribute("messaging.kafka.offset", record.offset)
        try:
            entry = entry_from_event(record.value or b"")
        except InvalidEventError as exc:
            logger.error(
                "rejecting %s[%d]@%d: %s", record.topic, record.partition, record.offset, exc
            )
            return Outcome.REJECTED
        return Outcome.BOOKED if store.record(entry) else Outcome.DUPLICATE
