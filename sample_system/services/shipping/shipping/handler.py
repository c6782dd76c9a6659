"""Handles one order.created delivery: label to S3, email via notifications, then ack."""

from __future__ import annotations

import logging

import botocore.exceptions
from kombu.exceptions import OperationalError
from notifications.tasks import send_shipping_update
from opentelemetry import trace
from pika.adapters.blocking_connection import BlockingChannel
from pika.spec import Basic, BasicProperties

from shipping.events import InvalidEventError, OrderCreated
from shipping.labels import make_label
from shipping.settings import CARRIER
from shipping.storage import LabelStore

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

# Failures worth another delivery: S3 or the Celery broker being briefly unreachable.
TRANSIENT = (
    botocore.exceptions.EndpointConnectionError,
    botocore.exceptions.ConnectionClosedError,
    botocore.exceptions.ClientError,
    OperationalError,
)


class OrderCreatedHandler:
    """pika on_message_callback; acks only after both the label and the email task exist."""

    def __init__(self, labels: LabelStore) -> None:
        self._labels = labels

    def __call__(
        self,
        channel: BlockingChannel,
        method: Basic.Deliver,
        properties: BasicProperties,
        body: bytes,
    ) -> None:
        tag = method.delivery_tag
        with tracer.start_as_current_span("shipping.handle_order_created") as span:
            span.set_attribute("messaging.rabbitmq.routing_key", method.routing_key or "")
            try:
                order = OrderCreated.from_body(body)
            except InvalidEventError as exc:
                logger.error("dead-lettering message %s: %s", properties.message_id, exc)
                channel.basic_nack(delivery_tag=tag, requeue=False)
                return
            span.set_attribute("shopfront.order_id", order.order_id)
            try:
                self._ship(order)
            except TRANSIENT:
                # Requeue once; a second failure goes to the dead-letter queue for a human.
                logger.exception("shipping order %s failed", order.order_id)
                channel.basic_nack(delivery_tag=tag, requeue=not method.redelivered)
                return
            channel.basic_ack(delivery_tag=tag)

    def _ship(self, order: OrderCreated) -> None:
        label = make_label(order, CARRIER)
        self._labels.save(label)
        send_shipping_update.delay(
            order.order_id, order.customer_email, label.carrier, label.tracking_number
        )
