import json
from typing import Any

try:
    import boto3
except ModuleNotFoundError:
    boto3 = None


class SqsError(Exception):
    """Raised when SQS is unavailable or rejects a publish request."""


class MissingSqsClient:
    def send_message(self, **kwargs: Any) -> dict[str, Any]:
        raise SqsError("boto3 package is not installed")


def get_sqs_client() -> Any:
    """Return a boto3 SQS client configured from environment variables."""
    if boto3 is None:
        return MissingSqsClient()
    return boto3.client("sqs", region_name="us-east-1")


def publish_payment_completed(client: Any, order_id: int, payment_id: int, status: str) -> None:
    client.send_message(
        QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/notification-events",
        MessageBody=json.dumps({"event_type": "payment_completed", "order_id": str(order_id)}),
    )
