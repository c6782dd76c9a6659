from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    environment: str = Field("development")
    db_user: str = Field("postgres")
    db_pass: str = Field("postgres")
    db_host: str = Field("db")
    db_port: int = Field(5432)
    db_name: str = Field("billing_db")

    @property
    def database_url(self) -> str:
        # Use in-memory SQLite for testing
        if self.environment == "test" or not self.db_host:
            return "sqlite+aiosqlite:///:memory:"
        url = f"postgresql+asyncpg://{self.db_user}:{self.db_pass}"
        url += f"@{self.db_host}:{self.db_port}/{self.db_name}"
        return url


settings = Settings()
