import asyncio

from aio_pika import ExchangeType, connect_robust

from enums import RabbitExchange, RabbitRoutingKey


async def on_message(message):
    print(message.body)


async def main() -> None:
    connection = await connect_robust("amqp://guest:guest@rabbit/")
    channel = await connection.channel()
    exchange = await channel.declare_exchange(RabbitExchange.INVENTORY.value, ExchangeType.DIRECT)
    queue = await channel.declare_queue(durable=True)
    await queue.bind(exchange, routing_key=RabbitRoutingKey.DELETE_PRODUCT)
    await queue.consume(on_message)
    await asyncio.Future()


asyncio.run(main())
