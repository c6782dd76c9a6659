"""Entry point (`python -m ledger.consumer`): consumes payments.completed into MongoDB."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition
from pymongo.errors import PyMongoError

from ledger.handler import handle_record
from ledger.settings import KAFKA_BOOTSTRAP_SERVERS
from ledger.store import LedgerStore, entries_collection

logger = logging.getLogger(__name__)

RETRY_DELAY_SECONDS = 5.0

PAYMENTS_COMPLETED_TOPIC = "payments.completed"
CONSUMER_GROUP = "ledger"


async def consume(store: LedgerStore, stopping: asyncio.Event) -> None:
    """Commits an offset only after its record is booked, so nothing is skipped on a crash."""
    consumer = AIOKafkaConsumer(
        PAYMENTS_COMPLETED_TOPIC,
        bootstrap_servers=KAFKA_BOOTSTRAP_SERVERS,
        group_id=CONSUMER_GROUP,
        client_id="ledger",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        while not stopping.is_set():
            batches = await consumer.getmany(timeout_ms=1000)
            for partition, records in batches.items():
                for record in records:
                    try:
                        # pymongo blocks; keep the event loop free for Kafka heartbeats.
                        outcome = await asyncio.to_thread(handle_record, record, store)
                    except PyMongoError:
                        logger.exception("MongoDB unavailable; will retry offset %d", record.offset)
                        consumer.seek(
                            TopicPartition(partition.topic, partition.partition), record.offset
                        )
                        await asyncio.sleep(RETRY_DELAY_SECONDS)
                        break
                    logger.info("%s: %s", record.key, outcome.value)
                    await consumer.commit({partition: record.offset + 1})
    finally:
        await consumer.stop()


async def run() -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    await consume(LedgerStore(entries_collection()), stopping)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    asyncio.run(run())


if __name__ == "__main__":
    main()
