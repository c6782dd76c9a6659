import json

import aio_pika

RABBIT_URL = "amqp://guest:guest@rabbitmq_host:5672/"
USER_EXCHANGE = "user_exchange"
AUTH_QUEUE = "auth_routing_key"


async def publish_user_event(message):
    connection = await aio_pika.connect_robust(RABBIT_URL)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(USER_EXCHANGE, aio_pika.ExchangeType.FANOUT)
        await exchange.publish(aio_pika.Message(body=json.dumps(message).encode()), routing_key="")


async def consume_user_events(callback):
    connection = await aio_pika.connect_robust(RABBIT_URL)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(USER_EXCHANGE, aio_pika.ExchangeType.FANOUT)
    queue = await channel.declare_queue(AUTH_QUEUE, durable=True)
    await queue.bind(exchange, routing_key=AUTH_QUEUE)
    async with queue.iterator() as queue_iter:
        async for message in queue_iter:
            async with message.process():
                await callback(json.loads(message.body.decode("utf-8")))
