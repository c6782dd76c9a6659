# Not in the origin repository (its worker calls the client it builds directly): a plain
# caller handing a client it builds to a helper, and one handing over a client of unknown origin.
import json

import boto3

from app.forwarding import forward, forward_audit


def run(client_from_elsewhere) -> None:
    client = boto3.client("sqs", region_name="us-east-1")
    while True:
        response = client.receive_message(
            QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/notification-events",
        )
        for message in response.get("Messages", []):
            forward(client, json.loads(message["Body"]))
            forward_audit(client_from_elsewhere, message["Body"])


if __name__ == "__main__":
    run(None)
