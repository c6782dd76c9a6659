"""Web settings, read from the environment."""

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    orders_url: str = "http://localhost:5000"
    redis_url: str = "redis://localhost:6379/0"


settings = Settings()
