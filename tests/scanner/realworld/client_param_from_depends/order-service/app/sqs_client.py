import json
from typing import Any

import boto3


class SqsError(Exception):
    """Raised when SQS is unavailable or rejects a publish request."""


def get_sqs_client() -> Any:
    """Return a boto3 SQS client configured from environment variables."""
    return boto3.client("sqs", region_name="us-east-1")


def publish_order_created(client: Any, order_id: int, user_id: int) -> None:
    """Publish an order_created event to SQS."""
    try:
        client.send_message(
            QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/order-events",
            MessageBody=json.dumps({"event_type": "order_created", "order_id": str(order_id)}),
        )
    except Exception as exc:
        raise SqsError("Could not publish order_created event") from exc


def publish_order_cancelled(client: Any, order_id: int) -> None:
    client.send_message(
        QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/order-cancellations",
        MessageBody=json.dumps({"event_type": "order_cancelled", "order_id": str(order_id)}),
    )
