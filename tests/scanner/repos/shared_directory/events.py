import pika

connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
channel = connection.channel()


def publish(order_id):
    channel.basic_publish(exchange="", routing_key="orders", body=str(order_id))
