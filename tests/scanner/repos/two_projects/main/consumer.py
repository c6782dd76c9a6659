"""The main queue consumer: its own compose service, built from the same directory."""

import os

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ["AMQP_URL"]))
channel = connection.channel()
channel.basic_consume(queue="main", on_message_callback=print, auto_ack=True)
channel.start_consuming()
