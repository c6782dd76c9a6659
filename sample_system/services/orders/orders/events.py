"""Announces confirmed orders on the RabbitMQ `orders` topic exchange (shipping listens)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pika
import pika.exceptions
from opentelemetry import trace

from orders.settings import settings

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)


def connect() -> pika.BlockingConnection:
    return pika.BlockingConnection(pika.URLParameters(settings.rabbitmq_url))


class OrderEvents:
    """Publishes order events, one short-lived connection per event.

    Orders are placed a few times a second at most, so a connection per publish costs little
    and avoids sharing a pika connection (not thread-safe) across the server's threads.
    """

    def __init__(self, connection_factory: Callable[[], Any] = connect) -> None:
        self._connect = connection_factory

    def order_created(self, event: dict[str, Any]) -> bool:
        """Publish order.created; False (logged) when the broker is unreachable."""
        with tracer.start_as_current_span("orders.publish_order_created"):
            try:
                connection = self._connect()
            except pika.exceptions.AMQPError:
                logger.exception("could not publish order.created for %s", event["order_id"])
                return False
            try:
                channel = connection.channel()
                channel.exchange_declare(exchange="orders", exchange_type="topic", durable=True)
                channel.basic_publish(
                    exchange="orders",
                    routing_key="order.created",
                    body=json.dumps(event).encode(),
                    properties=pika.BasicProperties(
                        content_type="application/json",
                        delivery_mode=pika.DeliveryMode.Persistent,
                        message_id=f"order.created:{event['order_id']}",
                    ),
                )
            finally:
                connection.close()
        return True
