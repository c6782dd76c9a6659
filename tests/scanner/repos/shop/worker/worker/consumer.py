"""Ships orders: consumes order events, asks a carrier for labels."""

import os

import pika
import requests

CARRIER_URL = os.environ["CARRIER_URL"]


def handle(channel: object, method: object, properties: object, body: bytes) -> None:
    requests.post(f"{CARRIER_URL}/labels", timeout=5)


def main() -> None:
    connection = pika.BlockingConnection(pika.URLParameters(os.environ["RABBITMQ_URL"]))
    channel = connection.channel()
    channel.queue_declare(queue="shipping")
    channel.queue_bind(queue="shipping", exchange="orders", routing_key="order.created")
    channel.basic_consume(queue="shipping", on_message_callback=handle)
    channel.start_consuming()
