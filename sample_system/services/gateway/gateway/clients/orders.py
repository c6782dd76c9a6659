"""In-house client for the orders service.

The gateway's order routes are synchronous (FastAPI runs them in its threadpool), so a
pooled `requests.Session` is enough; one client is created at startup and shared.
"""

from __future__ import annotations

from typing import Any

import requests
from opentelemetry import trace

tracer = trace.get_tracer(__name__)


class OrdersUnavailableError(Exception):
    """The orders service could not be reached or failed on its side (5xx)."""


class OrderRejectedError(Exception):
    """The orders service refused the request (4xx); its status and reason are relayed."""

    def __init__(self, status_code: int, detail: Any) -> None:
        super().__init__(f"orders rejected the request with {status_code}: {detail}")
        self.status_code = status_code
        self.detail = detail


class OrdersClient:
    """Places and reads orders on the orders service."""

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout_seconds: float = 5.0,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._session = session if session is not None else requests.Session()
        self._session.headers.update({"Accept": "application/json"})
        self._timeout = timeout_seconds

    def create_order(self, order: dict[str, Any]) -> dict[str, Any]:
        with tracer.start_as_current_span("orders_client.create_order"):
            try:
                response = self._session.post(
                    f"{self._base_url}/orders", json=order, timeout=self._timeout
                )
            except requests.RequestException as exc:
                raise OrdersUnavailableError(str(exc)) from exc
            return self._json_or_raise(response)

    def get_order(self, order_id: int) -> dict[str, Any]:
        with tracer.start_as_current_span("orders_client.get_order") as span:
            span.set_attribute("shopfront.order_id", order_id)
            try:
                response = self._session.get(
                    f"{self._base_url}/orders/{order_id}", timeout=self._timeout
                )
            except requests.RequestException as exc:
                raise OrdersUnavailableError(str(exc)) from exc
            return self._json_or_raise(response)

    def close(self) -> None:
        self._session.close()

    @staticmethod
    def _json_or_raise(response: requests.Response) -> dict[str, Any]:
        if response.status_code >= 500:
            raise OrdersUnavailableError(f"orders answered {response.status_code}")
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise OrderRejectedError(response.status_code, detail)
        body: dict[str, Any] = response.json()
        return body
