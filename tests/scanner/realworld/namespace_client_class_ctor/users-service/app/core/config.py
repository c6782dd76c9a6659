from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    orders_service_url: str = Field(..., alias="ORDERS_SERVICE_URL")


settings = Settings()
