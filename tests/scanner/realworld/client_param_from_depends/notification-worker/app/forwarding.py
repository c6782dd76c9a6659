import json


def forward(client, event: dict) -> None:
    client.send_message(
        QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/email-notifications",
        MessageBody=json.dumps(event),
    )


def forward_audit(client, body: str) -> None:
    client.send_message(
        QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/audit-events",
        MessageBody=body,
    )
