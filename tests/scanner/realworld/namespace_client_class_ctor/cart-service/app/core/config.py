from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = Field("FastAPI Shop", alias="APP_NAME")
    product_service_url: str = Field(..., alias="PRODUCT_SERVICE_URL")


settings = Settings()
