from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    rabbitmq_host: str = "rabbitmq"
    amqp_exchange: str = "asyncflow.exchange"


settings = Settings()
