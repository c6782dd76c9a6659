"""Per-client fixed-window rate limiting, counted in Redis so every gateway replica agrees."""

from __future__ import annotations

import logging
import time
from typing import Protocol

from opentelemetry import trace
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

WINDOW_SECONDS = 60


class CounterStore(Protocol):
    """The two Redis commands the limiter needs (satisfied by `redis.asyncio.Redis`)."""

    async def incr(self, name: str, amount: int = 1) -> int: ...

    async def expire(self, name: str, time: int) -> bool: ...


class RateLimiter:
    """Allows `limit` requests per client per minute.

    When Redis is down the limiter fails open: refusing all traffic because the counter
    store is unavailable would turn a cache outage into a full outage.
    """

    def __init__(self, store: CounterStore, *, limit: int) -> None:
        self._store = store
        self._limit = limit

    async def retry_after(self, client_key: str, *, now: float | None = None) -> int | None:
        """Seconds the client must wait, or None when the request may proceed."""
        current = time.time() if now is None else now
        window = int(current // WINDOW_SECONDS)
        key = f"ratelimit:{client_key}:{window}"
        with tracer.start_as_current_span("ratelimit.check") as span:
            try:
                count = await self._store.incr(key)
                if count == 1:
                    await self._store.expire(key, WINDOW_SECONDS)
            except RedisError:
                logger.warning("rate limiter store unavailable, letting request through")
                span.set_attribute("shopfront.ratelimit.fail_open", True)
                return None
            span.set_attribute("shopfront.ratelimit.count", count)
        if count <= self._limit:
            return None
        return WINDOW_SECONDS - int(current % WINDOW_SECONDS)
