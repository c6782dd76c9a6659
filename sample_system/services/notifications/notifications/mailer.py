"""Sends one email through the SMTP relay (SendGrid in production)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from opentelemetry import trace

from notifications.settings import SMTP_HOST, SMTP_PASSWORD, SMTP_PORT, SMTP_STARTTLS, SMTP_USER

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

SMTP_TIMEOUT_SECONDS = 15


def send_email(message: EmailMessage) -> None:
    """Opens a connection per email: tasks are rare and a pooled SMTP session goes stale."""
    with tracer.start_as_current_span("smtp.send") as span:
        span.set_attribute("server.address", SMTP_HOST)
        with smtplib.SMTP(SMTP_HOST, SMTP_PORT, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            smtp.ehlo()
            if SMTP_STARTTLS:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if SMTP_USER:
                smtp.login(SMTP_USER, SMTP_PASSWORD)
            refused = smtp.send_message(message)
        if refused:
            logger.warning("relay refused recipients %s", sorted(refused))
