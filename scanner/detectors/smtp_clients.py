"""Email sent over SMTP with the standard library.

Recognises: ``smtplib.SMTP(host, port)`` / ``smtplib.SMTP_SSL(host, port)`` (however
imported), an outgoing connection to that mail relay. Deliberately ignores: ``SMTP()``
without a host (connected later with ``connect``), and mail APIs reached over HTTP (those
are HTTP calls).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg
from scanner.findings import NetworkCall
from scanner.values import Value

SMTP = frozenset({"smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP"})


class SmtpClients(Detector):
    name = "smtplib"
    modules = frozenset({"smtplib"})

    def visit_Call(self, node: cst.Call) -> None:
        if not self.names(node.func) & SMTP:
            return
        host = arg(node, 0, "host")
        if host is None:
            return
        port = arg(node, 1, "port")
        address = self.value(host) + (
            Value.of(":") + self.value(port) if port is not None else Value()
        )
        self.findings.append(NetworkCall(self.ctx.path, self.line(node), "smtp", address))
