"""Builds the gateway app; the shared upstream clients live for the app's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

import httpx
import redis.asyncio
from fastapi import FastAPI

from gateway.clients.orders import OrdersClient
from gateway.ratelimit import CounterStore, RateLimiter
from gateway.routes import orders, products
from gateway.settings import settings


def create_app(
    *,
    catalog_transport: httpx.AsyncBaseTransport | None = None,
    counter_store: CounterStore | None = None,
    orders_client: OrdersClient | None = None,
) -> FastAPI:
    """Create the gateway. The keyword arguments replace the network edges in tests."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        catalog_http = httpx.AsyncClient(
            base_url=settings.catalog_url,
            timeout=settings.upstream_timeout_seconds,
            transport=catalog_transport,
        )
        redis_client = redis.asyncio.from_url(settings.redis_url)
        app.state.catalog_http = catalog_http
        app.state.orders_client = orders_client or OrdersClient(
            settings.orders_url, timeout_seconds=settings.upstream_timeout_seconds
        )
        # redis.asyncio.Redis has the CounterStore commands; its stubs type them loosely.
        store = counter_store if counter_store is not None else cast(CounterStore, redis_client)
        app.state.rate_limiter = RateLimiter(store, limit=settings.rate_limit_per_minute)
        try:
            yield
        finally:
            await catalog_http.aclose()
            await redis_client.aclose()
            app.state.orders_client.close()

    app = FastAPI(title="ShopFront gateway", lifespan=lifespan)
    app.include_router(products.router)
    app.include_router(orders.router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
