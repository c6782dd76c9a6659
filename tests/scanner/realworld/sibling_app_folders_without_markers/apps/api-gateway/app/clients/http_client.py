from dataclasses import dataclass
from typing import Any

import httpx

from app.config import settings


@dataclass(frozen=True)
class UpstreamResponse:
    status_code: int
    body: Any


def _join_url(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"


async def request_json(
    upstream_service: str,
    method: str,
    base_url: str,
    path: str,
    payload: dict[str, Any] | None = None,
) -> UpstreamResponse:
    """Forward a JSON request to an upstream service and normalize failures."""
    url = _join_url(base_url, path)
    async with httpx.AsyncClient(timeout=settings.request_timeout_seconds) as client:
        response = await client.request(method=method, url=url, json=payload)
    return UpstreamResponse(status_code=response.status_code, body=response.json())
