"""Celery tasks. Names are explicit because orders calls them by name with send_task."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping, Sequence

from opentelemetry import trace

from notifications import messages
from notifications.mailer import send_email
from notifications.settings import MAIL_FROM
from notifications.worker import app

tracer = trace.get_tracer(__name__)

# Transient relay or network trouble; an InvalidNotificationError is not retried.
RETRY_ON = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)
RETRY_POLICY = {
    "autoretry_for": RETRY_ON,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@app.task(name="notifications.send_order_confirmation", **RETRY_POLICY)
def send_order_confirmation(
    order_id: str,
    customer_email: str,
    total_cents: int,
    currency: str,
    items: Sequence[Mapping[str, object]] = (),
) -> None:
    """Emails the customer the contents and total of a newly placed order."""
    with tracer.start_as_current_span("notifications.send_order_confirmation") as span:
        span.set_attribute("shopfront.order_id", order_id)
        message = messages.order_confirmation(
            MAIL_FROM,
            order_id=order_id,
            customer_email=customer_email,
            total_cents=total_cents,
            currency=currency,
            items=items,
        )
        send_email(message)


@app.task(name="notifications.send_shipping_update", **RETRY_POLICY)
def send_shipping_update(
    order_id: str, customer_email: str, carrier: str, tracking_number: str
) -> None:
    """Emails the customer the carrier and tracking number once a label exists."""
    with tracer.start_as_current_span("notifications.send_shipping_update") as span:
        span.set_attribute("shopfront.order_id", order_id)
        message = messages.shipping_update(
            MAIL_FROM,
            order_id=order_id,
            customer_email=customer_email,
            carrier=carrier,
            tracking_number=tracking_number,
        )
        send_email(message)
