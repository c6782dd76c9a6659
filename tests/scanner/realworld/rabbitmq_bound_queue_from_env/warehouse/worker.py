import os
import pika

QUEUE = os.environ["QUEUE_FINANCIAL_NAME"]
connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
channel = connection.channel()
channel.basic_publish(exchange="", routing_key=QUEUE, body=b"stock confirmed")
