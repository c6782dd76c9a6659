from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    cart_service_url: str = Field(..., alias="CART_SERVICE_URL")
    product_service_url: str = Field(..., alias="PRODUCT_SERVICE_URL")


settings = Settings()
