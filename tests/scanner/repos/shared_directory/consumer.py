import pika
from events import publish
from main import engine
from sqlalchemy import text

connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
channel = connection.channel()


def on_payment(ch, method, properties, body):
    with engine.begin() as conn:
        conn.execute(text("UPDATE orders SET paid = true WHERE id = :id"), {"id": body})
    publish(body)


channel.basic_consume(queue="payments", on_message_callback=on_payment, auto_ack=True)
channel.start_consuming()
