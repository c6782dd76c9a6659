"""Client for the card payment provider (Stripe's charges API)."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from opentelemetry import trace

from payments.charges import Charge, ChargeRequest
from payments.settings import PAYMENT_PROVIDER_KEY, PAYMENT_PROVIDER_URL

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

RETRYABLE_STATUSES = frozenset({409, 429, 500, 502, 503, 504})


class ProviderDeclinedError(Exception):
    """The provider refused the charge (card declined, bad token); retrying will not help."""


class ProviderUnavailableError(Exception):
    """The provider could not be reached or kept failing; the caller may retry later."""


class ProviderAuthError(ProviderUnavailableError):
    """The provider rejected our API key: a deployment problem, so it is never retried."""


class PaymentProvider:
    """Creates charges; the idempotency key makes provider-side retries safe."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        attempts: int = 3,
        backoff_seconds: float = 0.2,
    ) -> None:
        self._session = session
        self._attempts = attempts
        self._backoff = backoff_seconds

    async def create_charge(self, request: ChargeRequest, idempotency_key: str) -> Charge:
        with tracer.start_as_current_span("payment_provider.create_charge") as span:
            span.set_attribute("payments.order_id", request.order_id)
            for attempt in range(1, self._attempts + 1):
                try:
                    return await self._post_charge(request, idempotency_key)
                except ProviderAuthError:
                    logger.error("payment provider rejected PAYMENT_PROVIDER_KEY")
                    raise
                except ProviderUnavailableError:
                    if attempt == self._attempts:
                        raise
                    logger.warning(
                        "provider unavailable, attempt %d of %d", attempt, self._attempts
                    )
                    await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
            raise ProviderUnavailableError("no attempt made")

    async def _post_charge(self, request: ChargeRequest, idempotency_key: str) -> Charge:
        form = {
            "amount": str(request.amount_cents),
            "currency": request.currency,
            "source": request.payment_method,
            "description": f"ShopFront order {request.order_id}",
            "metadata[order_id]": request.order_id,
        }
        if request.customer_email:
            form["receipt_email"] = request.customer_email
        headers = {
            "Authorization": f"Bearer {PAYMENT_PROVIDER_KEY}",
            "Idempotency-Key": idempotency_key,
        }
        try:
            async with self._session.post(
                f"{PAYMENT_PROVIDER_URL}/v1/charges", data=form, headers=headers
            ) as response:
                if response.status in (401, 403):
                    raise ProviderAuthError(f"provider answered {response.status}")
                if response.status in RETRYABLE_STATUSES:
                    raise ProviderUnavailableError(f"provider answered {response.status}")
                payload = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientConnectionError) as exc:
            raise ProviderUnavailableError(str(exc)) from exc
        except ValueError as exc:
            raise ProviderUnavailableError(
                "provider answered with a body that is not JSON"
            ) from exc
        if response.status >= 400:
            message = payload.get("error", {}).get("message", "charge declined")
            raise ProviderDeclinedError(str(message))
        return Charge(
            charge_id=str(payload["id"]),
            order_id=request.order_id,
            amount_cents=int(payload["amount"]),
            currency=str(payload["currency"]),
            status=str(payload["status"]),
        )
