import asyncio

from aio_pika import ExchangeType, Message, connect_robust

from enums import RabbitExchange, RabbitRoutingKey


async def send(exchange_name: str, routing_key: str) -> None:
    connection = await connect_robust("amqp://guest:guest@rabbit/")
    channel = await connection.channel()
    exchange = await channel.declare_exchange(exchange_name, ExchangeType.DIRECT)
    await exchange.publish(Message(b"{}"), routing_key=routing_key)


async def remove_from_inventory() -> None:
    await send(RabbitExchange.INVENTORY.value, RabbitRoutingKey.DELETE_PRODUCT.value)


asyncio.run(remove_from_inventory())
