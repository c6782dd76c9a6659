"""Application factory: wires the provider session, Kafka producer and Redis into the app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import aiohttp
import redis.asyncio
from aiohttp import web

from payments.events import EventProducer, PaymentEvents, build_producer
from payments.handlers import EVENTS, IDEMPOTENCY, PROVIDER, routes
from payments.idempotency import IdempotencyStore, RedisLike
from payments.provider import PaymentProvider
from payments.settings import IDEMPOTENCY_TTL_SECONDS, PORT, REDIS_URL

PROVIDER_TIMEOUT = aiohttp.ClientTimeout(total=10, connect=3)


async def _open_redis(stack: AsyncExitStack) -> RedisLike:
    client = redis.asyncio.from_url(REDIS_URL)
    stack.push_async_callback(client.aclose)
    # redis-py annotates its shared sync/async commands loosely; the async client fits RedisLike.
    return client  # type: ignore[return-value]


async def _open_producer(stack: AsyncExitStack) -> EventProducer:
    producer = build_producer()
    await producer.start()
    stack.push_async_callback(producer.stop)
    started: EventProducer = producer
    return started


def create_app(
    *, redis_client: RedisLike | None = None, producer: EventProducer | None = None
) -> web.Application:
    """Clients open on startup and close on shutdown; tests pass their own Redis and Kafka."""
    app = web.Application()
    app.add_routes(routes)

    async def clients(app: web.Application) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            session = await stack.enter_async_context(
                aiohttp.ClientSession(timeout=PROVIDER_TIMEOUT)
            )
            app[PROVIDER] = PaymentProvider(session)
            cache = redis_client or await _open_redis(stack)
            app[IDEMPOTENCY] = IdempotencyStore(cache, IDEMPOTENCY_TTL_SECONDS)
            app[EVENTS] = PaymentEvents(producer or await _open_producer(stack))
            yield

    app.cleanup_ctx.append(clients)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    web.run_app(create_app(), port=PORT)


if __name__ == "__main__":
    main()
