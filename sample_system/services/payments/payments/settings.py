"""Runtime configuration, read once from the environment the container is started with.

Defaults match docker-compose, so a bare `python -m payments` talks to the local stack.
"""

from __future__ import annotations

import os

PAYMENT_PROVIDER_URL = os.getenv("PAYMENT_PROVIDER_URL", "https://api.stripe.com")
PAYMENT_PROVIDER_KEY = os.getenv("PAYMENT_PROVIDER_KEY", "")
KAFKA_BOOTSTRAP_SERVERS = os.getenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
REDIS_URL = os.getenv("REDIS_URL", "redis://redis:6379/3")
PORT = int(os.getenv("PORT", "8080"))

# Long enough to cover orders' retries of one checkout, short enough to keep Redis small.
IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60
