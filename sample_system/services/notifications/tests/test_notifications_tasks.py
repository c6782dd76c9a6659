"""The Celery tasks run eagerly and deliver through a small SMTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from notifications import mailer, tasks
from notifications.messages import InvalidNotificationError


@dataclass
class Mailbox:
    """What the relay received, plus how many connections to drop before behaving."""

    drop_connections: int = 0
    connections: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    envelopes: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough RFC 5321 (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT) for smtplib."""

    server: SmtpServer

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        box = self.server.mailbox
        box.connections += 1
        if box.connections <= box.drop_connections:
            return
        self.reply("220 relay.test ESMTP")
        sender, recipients = "", []
        while line := self.rfile.readline().decode().rstrip("\r\n"):
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.reply("250-relay.test")
                self.reply("250 AUTH PLAIN")
            elif verb == "AUTH":
                _, user, password = base64.b64decode(arg.split()[1]).decode().split("\0")
                box.logins.append((user, password))
                self.reply("235 2.7.0 Authentication successful")
            elif verb == "MAIL":
                sender = arg.split(":", 1)[1].strip("<> ").split(">")[0]
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(arg.split(":", 1)[1].strip("<> "))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b"".join(iter(self.rfile.readline, b".\r\n"))
                parsed = message_from_bytes(data, policy=policy.default)
                box.envelopes.append((sender, recipients, parsed))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: Mailbox) -> None:
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.mailbox = mailbox


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    server = SmtpServer(box)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    monkeypatch.setattr(mailer, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setattr(mailer, "SMTP_PORT", server.server_address[1])
    monkeypatch.setattr(mailer, "SMTP_USER", "apikey")
    monkeypatch.setattr(mailer, "SMTP_PASSWORD", "SG.secret")
    monkeypatch.setattr(mailer, "SMTP_STARTTLS", False)
    yield box
    server.shutdown()
    server.server_close()
    thread.join()


def test_confirmation_is_relayed_when_task_runs(mailbox: Mailbox) -> None:
    result = tasks.send_order_confirmation.apply(
        kwargs={
            "order_id": "ord-42",
            "customer_email": "ada@example.com",
            "total_cents": 5198,
            "currency": "eur",
            "items": [{"sku": "MUG-1", "quantity": 2}],
        }
    )

    assert result.successful(), result.traceback
    assert mailbox.logins == [("apikey", "SG.secret")]
    [(sender, recipients, message)] = mailbox.envelopes
    assert recipients == ["ada@example.com"]
    assert sender == "orders@shopfront.example"
    assert message["Subject"] == "Your ShopFront order ord-42"
    body = message.get_content()
    assert "2 x MUG-1" in body
    assert "Total: 51.98 EUR" in body


def test_shipping_update_is_sent_again_when_relay_drops_first_connection(
    mailbox: Mailbox,
) -> None:
    mailbox.drop_connections = 1

    result = tasks.send_shipping_update.apply(
        args=("ord-42", "ada@example.com", "DHL", "JD0146000033")
    )

    assert result.successful(), result.traceback
    assert mailbox.connections == 2
    [(_, _, message)] = mailbox.envelopes
    assert "Tracking number: JD0146000033" in message.get_content()


def test_task_fails_without_contacting_relay_when_address_is_invalid(mailbox: Mailbox) -> None:
    result = tasks.send_shipping_update.apply(args=("ord-42", "not-an-address", "DHL", "JD01"))

    assert result.failed()
    assert isinstance(result.result, InvalidNotificationError)
    assert mailbox.connections == 0
