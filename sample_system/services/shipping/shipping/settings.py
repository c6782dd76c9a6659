"""Runtime configuration, read once from the environment the consumer is started with."""

from __future__ import annotations

import os

RABBITMQ_URL = os.getenv("RABBITMQ_URL", "amqp://guest:guest@rabbitmq:5672/%2F")
S3_BUCKET = os.getenv("S3_BUCKET", "shopfront-shipping-labels")
AWS_REGION = os.getenv("AWS_REGION", "eu-west-1")
CARRIER = os.getenv("SHIPPING_CARRIER", "DHL")
PREFETCH_COUNT = int(os.getenv("PREFETCH_COUNT", "10"))
