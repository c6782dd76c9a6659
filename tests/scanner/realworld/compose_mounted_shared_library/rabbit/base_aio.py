import json

import aio_pika

from rabbit.aio_config import RabbitMQConfig


class AsyncRabbitBase:
    def __init__(self, config: RabbitMQConfig):
        self.config = config

    async def get_connection(self):
        return await aio_pika.connect_robust(self.config.connection_url)


class ServicePublisher(AsyncRabbitBase):
    async def publish_message(self, message):
        connection = await self.get_connection()
        async with connection:
            channel = await connection.channel()
            exchange = await channel.declare_exchange(
                self.config.exchange_name, aio_pika.ExchangeType.FANOUT, durable=False
            )
            await exchange.publish(aio_pika.Message(body=json.dumps(message).encode()), routing_key="")
