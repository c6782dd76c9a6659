from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    service_name: str = "order-service"


settings = Settings()
