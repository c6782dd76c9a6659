from rabbit.aio_config import RabbitMQConfig

user_config = RabbitMQConfig(
    connection_url="amqp://guest:guest@rabbitmq_host:5672/",
    exchange_name="user_exchange",
    routing_key="user_routing_key",
)
