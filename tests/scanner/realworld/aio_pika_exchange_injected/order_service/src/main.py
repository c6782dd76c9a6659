from contextlib import asynccontextmanager

import aio_pika
from fastapi import FastAPI

from src.settings import settings
from src.api.orders import router


@asynccontextmanager
async def lifespan(app: FastAPI):
    connection = await aio_pika.connect_robust(f"amqp://guest:guest@{settings.rabbitmq_host}/")
    channel = await connection.channel()
    exchange = await channel.declare_exchange(
        name=settings.amqp_exchange,
        type=aio_pika.ExchangeType.TOPIC,
        durable=True,
    )
    app.state.amqp_exchange = exchange
    yield
    await connection.close()


app = FastAPI(lifespan=lifespan)
app.include_router(router)
