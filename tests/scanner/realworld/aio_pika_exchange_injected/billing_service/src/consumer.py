import aio_pika


class OrderConsumer:
    def __init__(self, exchange: aio_pika.abc.AbstractExchange):
        self.exchange = exchange

    async def setup(self) -> None:
        channel = self.exchange.channel
        queue = await channel.declare_queue("billing_orders_queue", durable=True)
        await queue.bind(exchange=self.exchange, routing_key="order_created")
        await queue.consume(self.process_message)

    async def process_message(self, message) -> None:
        async with message.process():
            await self.exchange.publish(aio_pika.Message(body=b"{}"), routing_key="payment_processed")
