from pydantic import BaseSettings, HttpUrl


class Settings(BaseSettings):
    HOST_CART: str
    PORT_CART: int
    CART_API_BASE: HttpUrl | None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.CART_API_BASE = f"http://{self.HOST_CART}:{self.PORT_CART}"


settings = Settings()
