from typing import Dict

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    AUTH_SERVICE_PORT: int = Field(9003, env="AUTH_SERVICE_PORT")
    ORDER_SERVICE_PORT: int = Field(9001, env="ORDER_SERVICE_PORT")

    @property
    def SERVICE_ROUTES(self) -> Dict[str, Dict[str, str]]:
        return {
            "auth": {"host": f"http://auth_service:{self.AUTH_SERVICE_PORT}", "prefix": "auth"},
            "orders": {"host": f"http://order_service:{self.ORDER_SERVICE_PORT}", "prefix": "orders"},
        }


settings = Settings()
