"""The mailer's consumer: same directory, its own image (Dockerfile.consumer)."""

import os

import pika

connection = pika.BlockingConnection(pika.URLParameters(os.environ["AMQP_URL"]))
channel = connection.channel()
channel.basic_consume(queue="mail", on_message_callback=print, auto_ack=True)
channel.start_consuming()
