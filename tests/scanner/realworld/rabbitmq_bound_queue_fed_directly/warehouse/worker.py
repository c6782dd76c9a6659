import pika

connection = pika.BlockingConnection(pika.ConnectionParameters(host="rabbitmq"))
channel = connection.channel()
# straight to financial's queue through the default exchange
channel.basic_publish(exchange="", routing_key="FinancialQueue", body=b"stock confirmed")
