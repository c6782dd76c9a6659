from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    redis_url: str = "redis://localhost:6379/0"
    kafka_url: str = "localhost:9092"
    kafka_topic: str = "transactions"


def get_settings() -> Settings:
    return Settings()
