class RabbitMQConfig:
    def __init__(self, exchange_name: str, routing_key: str, connection_url: str):
        self.exchange_name = exchange_name
        self.routing_key = routing_key
        self.connection_url = connection_url
