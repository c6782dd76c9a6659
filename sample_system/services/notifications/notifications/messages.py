"""Builds the customer emails; kept apart from sending so wording changes never touch SMTP code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid


class InvalidNotificationError(ValueError):
    """The task arguments cannot produce an email; retrying would fail the same way."""


def _recipient(email: str) -> Address:
    try:
        address = Address(addr_spec=email)
    except (ValueError, IndexError) as exc:
        raise InvalidNotificationError(f"not an email address: {email!r}") from exc
    if not address.domain:
        raise InvalidNotificationError(f"not an email address: {email!r}")
    return address


def _money(cents: int, currency: str) -> str:
    return f"{cents // 100}.{cents % 100:02d} {currency.upper()}"


def _message(
    sender: str, to: str, subject: str, body: str, order_id: str, kind: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = _recipient(to)
    message["Subject"] = subject
    # Stable per order and kind: a retried task produces the same Message-ID, so clients dedupe.
    message["Message-ID"] = make_msgid(idstring=f"{kind}.{order_id}", domain="shopfront.example")
    message.set_content(body)
    return message


def order_confirmation(
    sender: str,
    *,
    order_id: str,
    customer_email: str,
    total_cents: int,
    currency: str,
    items: Sequence[Mapping[str, object]],
) -> EmailMessage:
    if total_cents < 0:
        raise InvalidNotificationError("total_cents must not be negative")
    lines = [f"  {item.get('quantity', 1)} x {item.get('sku', '?')}" for item in items]
    body = "\n".join(
        [
            "Thank you for your order!",
            "",
            f"Order: {order_id}",
            *lines,
            f"Total: {_money(total_cents, currency)}",
            "",
            "We will email you again when it ships.",
        ]
    )
    subject = f"Your ShopFront order {order_id}"
    return _message(sender, customer_email, subject, body, order_id, "confirmation")


def shipping_update(
    sender: str, *, order_id: str, customer_email: str, carrier: str, tracking_number: str
) -> EmailMessage:
    if not tracking_number:
        raise InvalidNotificationError("tracking_number is required")
    body = "\n".join(
        [
            f"Good news: order {order_id} is on its way.",
            "",
            f"Carrier: {carrier}",
            f"Tracking number: {tracking_number}",
        ]
    )
    subject = f"Your ShopFront order {order_id} has shipped"
    return _message(sender, customer_email, subject, body, order_id, "shipping")
