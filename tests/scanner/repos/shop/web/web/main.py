"""The public web front."""

import httpx
import redis.asyncio as aioredis
from fastapi import FastAPI

from web.settings import settings

app = FastAPI()
cache = aioredis.from_url(settings.redis_url)


@app.get("/orders/{order_id}")
async def order(order_id: int) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=settings.orders_url) as client:
        response = await client.get(f"/orders/{order_id}")
    return dict(response.json())


@app.post("/orders")
async def place() -> dict[str, object]:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{settings.orders_url}/orders")
    return dict(response.json())
