"""Charging customers through the payments service."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from opentelemetry import trace

from orders.settings import settings

tracer = trace.get_tracer(__name__)


class PaymentDeclinedError(Exception):
    """The provider declined the charge (payments answered 402)."""


class PaymentsUnavailableError(Exception):
    """Payments could not be reached, failed, or could not validate what orders sent."""


@dataclass(frozen=True)
class ChargeRequest:
    order_id: str
    amount_cents: int
    currency: str
    payment_method: str
    customer_email: str


async def charge(
    request: ChargeRequest, *, transport: httpx.AsyncBaseTransport | None = None
) -> str:
    """Charge an order once and return the charge id.

    The order id doubles as the idempotency key, so retrying after a timeout never charges
    the customer twice.
    """
    body = {
        "order_id": request.order_id,
        "amount_cents": request.amount_cents,
        "currency": request.currency.lower(),
        "payment_method": request.payment_method,
        "customer_email": request.customer_email,
    }
    headers = {"Idempotency-Key": f"order:{request.order_id}"}
    with tracer.start_as_current_span("payments.charge") as span:
        span.set_attribute("shopfront.order_id", request.order_id)
        async with httpx.AsyncClient(
            timeout=settings.http_timeout_seconds, transport=transport
        ) as client:
            try:
                response = await client.post(
                    f"{settings.payments_url}/charges", json=body, headers=headers
                )
            except httpx.HTTPError as exc:
                raise PaymentsUnavailableError(str(exc)) from exc
    if response.status_code == 402:
        raise PaymentDeclinedError(response.json().get("error", "payment declined"))
    if response.is_error:
        raise PaymentsUnavailableError(f"payments answered {response.status_code}")
    return str(response.json()["charge_id"])
