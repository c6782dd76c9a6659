"""Gateway configuration, read from the environment (compose and k8s set the real values)."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    """Where the gateway's upstreams live and how hard clients may hit it.

    Defaults are the docker-compose service names, so a developer running the stack locally
    needs no configuration at all.
    """

    catalog_url: str = "http://catalog:5000"
    orders_url: str = "http://orders:8000"
    redis_url: str = "redis://redis:6379/0"
    rate_limit_per_minute: int = 120
    upstream_timeout_seconds: float = 5.0


settings = Settings()
