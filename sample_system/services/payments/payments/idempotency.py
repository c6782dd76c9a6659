"""Redis-backed idempotency keys, so a retried POST /charges never charges twice."""

from __future__ import annotations

import json
from typing import Protocol

from payments.charges import Charge

IN_FLIGHT = b"in-flight"


class RedisLike(Protocol):
    """The two commands used, as redis.asyncio.Redis offers them."""

    async def set(
        self, name: str, value: bytes, *, ex: int | None = None, nx: bool = False
    ) -> bool | None: ...

    async def get(self, name: str) -> bytes | None: ...

    async def delete(self, *names: str) -> int: ...


class ChargeInProgressError(Exception):
    """Another request with the same key is still talking to the provider."""


class IdempotencyStore:
    """Claims a key before charging and stores the result under it once the charge succeeded."""

    def __init__(self, redis: RedisLike, ttl_seconds: int) -> None:
        self._redis = redis
        self._ttl = ttl_seconds

    @staticmethod
    def _key(idempotency_key: str) -> str:
        return f"payments:idempotency:{idempotency_key}"

    async def claim(self, idempotency_key: str) -> Charge | None:
        """Returns the earlier charge for a replayed key, None when this caller now owns the key."""
        key = self._key(idempotency_key)
        if await self._redis.set(key, IN_FLIGHT, ex=self._ttl, nx=True):
            return None
        stored = await self._redis.get(key)
        if stored is None or stored == IN_FLIGHT:
            raise ChargeInProgressError(idempotency_key)
        return Charge.from_json(json.loads(stored))

    async def complete(self, idempotency_key: str, charge: Charge) -> None:
        body = json.dumps(charge.to_json(), sort_keys=True).encode()
        await self._redis.set(self._key(idempotency_key), body, ex=self._ttl)

    async def release(self, idempotency_key: str) -> None:
        """Frees the key after a failure the caller is allowed to retry."""
        await self._redis.delete(self._key(idempotency_key))
