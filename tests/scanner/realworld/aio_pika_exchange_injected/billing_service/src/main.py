import asyncio
from contextlib import asynccontextmanager

import aio_pika

from src.settings import settings
from src.consumer import OrderConsumer


@asynccontextmanager
async def get_rabbitmq():
    connection = await aio_pika.connect_robust(f"amqp://guest:guest@{settings.rabbitmq_host}/")
    channel = await connection.channel()
    exchange = await channel.declare_exchange(
        name=settings.amqp_exchange,
        type=aio_pika.ExchangeType.TOPIC,
        durable=True,
    )
    yield exchange
    await connection.close()


async def main() -> None:
    async with get_rabbitmq() as exchange:
        consumer = OrderConsumer(exchange)
        await consumer.setup()
        while True:
            await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main())
