from rabbit.aio_config import RabbitMQConfig

auth_config = RabbitMQConfig(
    connection_url="amqp://guest:guest@rabbitmq_host:5672/",
    exchange_name="auth_exchange",
    routing_key="auth_routing_key",
)
