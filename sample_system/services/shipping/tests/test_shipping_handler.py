"""The order.created handler with a real pika delivery, S3 stubbed by botocore's Stubber and
the notifications Celery app pointed at kombu's in-memory broker."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from notifications.worker import app as celery_app
from pika.spec import Basic, BasicProperties
from shipping.consumer import declare_topology
from shipping.handler import OrderCreatedHandler
from shipping.labels import tracking_number
from shipping.storage import LabelStore

ORDER = {
    "order_id": "ord-42",
    "customer_email": "ada@example.com",
    "shipping_address": {
        "name": "Ada Lovelace",
        "line1": "12 St James's Square",
        "postal_code": "SW1Y 4JH",
        "city": "London",
        "country": "gb",
    },
    "items": [{"sku": "MUG-1", "quantity": 2}],
}


@dataclass
class RecordingChannel:
    """Stands in for BlockingChannel: only the acknowledgement calls the handler makes."""

    acks: list[int] = field(default_factory=list)
    nacks: list[tuple[int, bool]] = field(default_factory=list)

    def basic_ack(self, delivery_tag: int) -> None:
        self.acks.append(delivery_tag)

    def basic_nack(self, delivery_tag: int, requeue: bool) -> None:
        self.nacks.append((delivery_tag, requeue))


def deliver(tag: int, *, redelivered: bool = False) -> Basic.Deliver:
    return Basic.Deliver(
        consumer_tag="ctag1.shipping",
        delivery_tag=tag,
        redelivered=redelivered,
        exchange="orders",
        routing_key="order.created",
    )


PROPS = BasicProperties(content_type="application/json", delivery_mode=2, message_id="msg-1")


Drain = Callable[[], list[tuple[str, list[Any]]]]


@pytest.fixture
def queued_tasks(monkeypatch: pytest.MonkeyPatch) -> Drain:
    """Routes .delay() to kombu's in-memory broker; the returned callable drains `celery`."""
    monkeypatch.setattr(celery_app.conf, "broker_url", "memory://")
    # Fresh connection pools built from the memory URL, restored to the originals afterwards.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)

    def drain() -> list[tuple[str, list[Any]]]:
        found = []
        with celery_app.connection_for_read() as connection:
            queue = connection.SimpleQueue("celery")
            while queue.qsize():
                message = queue.get(timeout=1)
                found.append((message.headers["task"], message.payload[0]))
                message.ack()
            queue.close()
        return found

    drain()
    return drain


@pytest.fixture
def s3() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "s3", region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    with Stubber(client) as stubber:
        yield client, stubber


def expect_upload(stubber: Stubber) -> None:
    stubber.add_response(
        "put_object",
        {"ETag": '"9b2cf535f27731c974343645a3985328"'},
        expected_params={
            "Bucket": "shopfront-shipping-labels",
            "Key": "labels/ord-42.txt",
            "Body": ANY,
            "ContentType": "text/plain; charset=utf-8",
            "ServerSideEncryption": "AES256",
            "Metadata": {"tracking-number": tracking_number("ord-42"), "carrier": "DHL"},
        },
    )


def handle(client: Any, delivery: Basic.Deliver, body: bytes) -> RecordingChannel:
    channel = RecordingChannel()
    OrderCreatedHandler(LabelStore(client))(channel, delivery, PROPS, body)
    return channel


def test_label_is_uploaded_and_update_queued_when_order_is_created(
    s3: tuple[Any, Stubber], queued_tasks: Drain
) -> None:
    client, stubber = s3
    expect_upload(stubber)

    channel = handle(client, deliver(7), json.dumps(ORDER).encode())

    stubber.assert_no_pending_responses()
    assert (channel.acks, channel.nacks) == ([7], [])
    assert queued_tasks() == [
        (
            "notifications.send_shipping_update",
            ["ord-42", "ada@example.com", "DHL", tracking_number("ord-42")],
        )
    ]


@pytest.mark.parametrize(
    "body",
    [b"{not json", json.dumps({**ORDER, "items": []}).encode(), json.dumps([ORDER]).encode()],
)
def test_message_is_dead_lettered_when_body_is_invalid(
    s3: tuple[Any, Stubber], queued_tasks: Drain, body: bytes
) -> None:
    client, _ = s3

    channel = handle(client, deliver(3), body)

    assert (channel.acks, channel.nacks) == ([], [(3, False)])
    assert queued_tasks() == []


@pytest.mark.parametrize(("redelivered", "requeue"), [(False, True), (True, False)])
def test_message_is_requeued_once_when_s3_upload_fails(
    s3: tuple[Any, Stubber], queued_tasks: Drain, redelivered: bool, requeue: bool
) -> None:
    client, stubber = s3
    stubber.add_client_error("put_object", "SlowDown", "Please reduce your request rate.", 503)

    channel = handle(client, deliver(9, redelivered=redelivered), json.dumps(ORDER).encode())

    assert (channel.acks, channel.nacks) == ([], [(9, requeue)])
    assert queued_tasks() == []


@dataclass
class TopologyChannel:
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda **kwargs: self.calls.append((name, kwargs))


def test_queue_is_bound_to_orders_topic_exchange_when_topology_is_declared() -> None:
    channel = TopologyChannel()

    declare_topology(channel)

    assert channel.calls == [
        ("exchange_declare", {"exchange": "orders", "exchange_type": "topic", "durable": True}),
        ("queue_declare", {"queue": "shipping.order-created", "durable": True}),
        (
            "queue_bind",
            {
                "queue": "shipping.order-created",
                "exchange": "orders",
                "routing_key": "order.created",
            },
        ),
    ]
