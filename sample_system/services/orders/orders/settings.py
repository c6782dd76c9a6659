"""Orders configuration, read from the environment (compose and k8s set the real values)."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """Where the order service's collaborators live; defaults are the compose names."""

    database_url: str = "postgresql+psycopg://orders:orders@orders-db:5432/orders"
    inventory_url: str = "http://inventory:8000"
    payments_url: str = "http://payments:8080"
    rabbitmq_url: str = "amqp://guest:guest@rabbitmq:5672/%2F"
    celery_broker_url: str = "redis://redis:6379/2"
    http_timeout_seconds: float = 5.0


settings = Settings()
