from typing import Any

from app.clients.http_client import UpstreamResponse, request_json
from app.config import settings

UPSTREAM_SERVICE = "order-service"


class OrderServiceClient:
    """Client for order-service gateway operations."""

    async def create_order(self, payload: dict[str, Any]) -> UpstreamResponse:
        return await request_json(UPSTREAM_SERVICE, "POST", settings.order_service_url, "/orders", payload)


def get_order_client() -> OrderServiceClient:
    return OrderServiceClient()
