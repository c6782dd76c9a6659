"""HTTP handlers: POST /charges (called by orders) and GET /healthz."""

from __future__ import annotations

import json
import logging

from aiohttp import web
from opentelemetry import trace

from payments.charges import ChargeRequest, InvalidChargeError
from payments.events import PaymentEvents
from payments.idempotency import ChargeInProgressError, IdempotencyStore
from payments.provider import PaymentProvider, ProviderDeclinedError, ProviderUnavailableError

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

PROVIDER = web.AppKey("provider", PaymentProvider)
EVENTS = web.AppKey("events", PaymentEvents)
IDEMPOTENCY = web.AppKey("idempotency", IdempotencyStore)

routes = web.RouteTableDef()


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@routes.post("/charges")
async def create_charge(request: web.Request) -> web.Response:
    """Charges an order at most once per idempotency key (header, else the order id)."""
    with tracer.start_as_current_span("payments.create_charge") as span:
        try:
            charge_request = ChargeRequest.from_json(await request.json())
        except json.JSONDecodeError:
            return _error(400, "body is not valid JSON")
        except InvalidChargeError as exc:
            return _error(422, str(exc))
        key = request.headers.get("Idempotency-Key") or f"order:{charge_request.order_id}"
        span.set_attribute("payments.order_id", charge_request.order_id)
        store = request.app[IDEMPOTENCY]
        events = request.app[EVENTS]
        try:
            earlier = await store.claim(key)
        except ChargeInProgressError:
            return _error(409, "a charge with this idempotency key is in progress")
        if earlier is not None:
            # The event may have been lost the first time; its id is stable, consumers dedupe.
            await events.payment_completed(earlier)
            return web.json_response(earlier.to_json(), status=200)
        try:
            charge = await request.app[PROVIDER].create_charge(charge_request, key)
        except ProviderDeclinedError as exc:
            await store.release(key)
            return _error(402, str(exc))
        except ProviderUnavailableError:
            await store.release(key)
            logger.exception("payment provider unavailable for order %s", charge_request.order_id)
            return _error(503, "payment provider unavailable, retry later")
        await store.complete(key, charge)
        await events.payment_completed(charge)
        return web.json_response(charge.to_json(), status=201)


@routes.get("/healthz")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
