import os
import pika

QUEUE = os.environ["QUEUE_FINANCIAL_NAME"]
EXCHANGE = os.environ["ORDER_EXCHANGE"]
connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
channel = connection.channel()
channel.exchange_declare(exchange=EXCHANGE, exchange_type="direct")
channel.queue_declare(queue=QUEUE)
channel.queue_bind(queue=QUEUE, exchange=EXCHANGE, routing_key="ORDER_CHECKOUT_START")


def on_message(ch, method, properties, body):
    pass


channel.basic_consume(queue=QUEUE, on_message_callback=on_message, auto_ack=True)
