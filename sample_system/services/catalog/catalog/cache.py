"""Read-through cache of product documents in Redis."""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Protocol

import redis
from opentelemetry import trace

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

PRODUCT_TTL_SECONDS = 60


class KeyValueStore(Protocol):
    """The Redis commands the cache uses (satisfied by `redis.Redis`)."""

    def get(self, name: str) -> Any: ...

    def setex(self, name: str, time: int, value: str) -> Any: ...

    def delete(self, *names: str) -> Any: ...


def redis_from_env() -> redis.Redis:
    return redis.Redis.from_url(os.getenv("REDIS_URL", "redis://localhost:6379/1"))


class ProductCache:
    """Caches product documents by id.

    Redis being down must not take the catalog down with it: errors are logged and treated
    as cache misses, and reads fall through to PostgreSQL.
    """

    def __init__(self, store: KeyValueStore) -> None:
        self._store = store

    def get(self, product_id: int) -> dict[str, Any] | None:
        with tracer.start_as_current_span("product_cache.get"):
            try:
                raw = self._store.get(_key(product_id))
            except redis.RedisError:
                logger.warning("product cache unavailable on read")
                return None
        if raw is None:
            return None
        document: dict[str, Any] = json.loads(raw)
        return document

    def put(self, product_id: int, document: dict[str, Any]) -> None:
        try:
            self._store.setex(_key(product_id), PRODUCT_TTL_SECONDS, json.dumps(document))
        except redis.RedisError:
            logger.warning("product cache unavailable on write")

    def invalidate(self, product_id: int) -> None:
        try:
            self._store.delete(_key(product_id))
        except redis.RedisError:
            logger.warning("product cache unavailable on invalidate; entry expires by TTL")


def _key(product_id: int) -> str:
    return f"catalog:product:{product_id}"
