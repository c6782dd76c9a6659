"""Asks the notifications worker to email customers, by Celery task name.

Orders does not import the notifications code (it is another service); it only knows the
task's registered name and arguments.
"""

from __future__ import annotations

import logging

from celery import Celery
from kombu.exceptions import OperationalError
from opentelemetry import trace

from orders.models import Order
from orders.settings import settings

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

celery_app = Celery("orders", broker=settings.celery_broker_url)


def request_order_confirmation(order: Order, *, app: Celery = celery_app) -> bool:
    """Queue the confirmation email; False (logged) when the broker is unreachable."""
    with tracer.start_as_current_span("orders.request_order_confirmation"):
        try:
            app.send_task(
                "notifications.send_order_confirmation",
                kwargs={
                    "order_id": str(order.id),
                    "customer_email": order.customer_email,
                    "total_cents": order.total_cents,
                    "currency": order.currency,
                    "items": [item.to_dict() for item in order.items],
                },
            )
        except OperationalError:
            logger.exception("could not queue the confirmation of order %s", order.id)
            return False
    return True
