"""Entry point (`python -m shipping.consumer`): binds the queue and consumes order.created."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType

import pika
import pika.exceptions
from pika.adapters.blocking_connection import BlockingChannel

from shipping.handler import OrderCreatedHandler
from shipping.settings import PREFETCH_COUNT, RABBITMQ_URL
from shipping.storage import LabelStore, s3_client

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 30.0

# orders publishes order.created to its `orders` topic exchange; shipping owns this queue.
ORDERS_EXCHANGE = "orders"
ORDER_CREATED_ROUTING_KEY = "order.created"
ORDER_CREATED_QUEUE = "shipping.order-created"


def declare_topology(channel: BlockingChannel) -> None:
    """Idempotent declarations, so shipping can start before or after orders.

    Rejected messages are dead-lettered by the broker policy `shipping-dlx` (set by ops on
    `shipping.*` queues), so the queue is declared without x-arguments that would clash with it.
    """
    channel.exchange_declare(exchange=ORDERS_EXCHANGE, exchange_type="topic", durable=True)
    channel.queue_declare(queue=ORDER_CREATED_QUEUE, durable=True)
    channel.queue_bind(
        queue=ORDER_CREATED_QUEUE, exchange=ORDERS_EXCHANGE, routing_key=ORDER_CREATED_ROUTING_KEY
    )


def consume(handler: OrderCreatedHandler) -> None:
    """One connection's lifetime; returns when consuming was stopped by a signal."""
    connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
    channel = connection.channel()
    declare_topology(channel)
    channel.basic_qos(prefetch_count=PREFETCH_COUNT)
    channel.basic_consume(queue=ORDER_CREATED_QUEUE, on_message_callback=handler)

    def stop(signum: int, frame: FrameType | None) -> None:
        logger.info("signal %d: finishing in-flight message and stopping", signum)
        connection.add_callback_threadsafe(channel.stop_consuming)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("consuming %s", ORDER_CREATED_QUEUE)
    try:
        channel.start_consuming()
    finally:
        if connection.is_open:
            connection.close()


def main() -> None:
    """Reconnects with capped exponential backoff when the broker goes away."""
    logging.basicConfig(level=logging.INFO)
    handler = OrderCreatedHandler(LabelStore(s3_client()))
    backoff = 1.0
    while True:
        connected_at = time.monotonic()
        try:
            consume(handler)
            return
        except pika.exceptions.AMQPConnectionError:
            if time.monotonic() - connected_at > MAX_BACKOFF_SECONDS:
                backoff = 1.0  # the connection had been healthy; this is a fresh outage
            logger.warning("broker unreachable, retrying in %.0fs", backoff)
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


if __name__ == "__main__":
    main()
