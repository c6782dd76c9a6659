import pika

connection = pika.BlockingConnection(pika.ConnectionParameters(host="rabbitmq"))
channel = connection.channel()
channel.exchange_declare(exchange="OrderExchange", exchange_type="direct")
channel.queue_declare(queue="FinancialQueue")
channel.queue_bind(queue="FinancialQueue", exchange="OrderExchange", routing_key="ORDER_CHECKOUT_START")


def on_message(ch, method, properties, body):
    print(body)


channel.basic_consume(queue="FinancialQueue", on_message_callback=on_message, auto_ack=True)
channel.start_consuming()
