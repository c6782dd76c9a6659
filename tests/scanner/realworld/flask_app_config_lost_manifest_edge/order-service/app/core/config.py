from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    PROJECT_NAME: str = "Order Service"

    # DATABASE
    DATABASE_URL: str

    class Config:
        case_sensitive = True


settings = Settings()
