"""FastAPI dependencies: the shared clients created at startup, and rate limiting."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, HTTPException, Request, status

from gateway.clients.orders import OrdersClient
from gateway.ratelimit import RateLimiter


def catalog_http(request: Request) -> httpx.AsyncClient:
    client: httpx.AsyncClient = request.app.state.catalog_http
    return client


def orders_client(request: Request) -> OrdersClient:
    client: OrdersClient = request.app.state.orders_client
    return client


async def enforce_rate_limit(request: Request) -> None:
    limiter: RateLimiter = request.app.state.rate_limiter
    client_key = request.client.host if request.client else "unknown"
    retry_after = await limiter.retry_after(client_key)
    if retry_after is not None:
        raise HTTPException(
            status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            detail="rate limit exceeded",
            headers={"Retry-After": str(retry_after)},
        )


CatalogHttp = Annotated[httpx.AsyncClient, Depends(catalog_http)]
Orders = Annotated[OrdersClient, Depends(orders_client)]
