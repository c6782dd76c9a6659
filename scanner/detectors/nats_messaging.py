"""NATS through nats-py: the subjects a service publishes to, requests on and subscribes to.

Recognises: ``await nats.connect("nats://nats:4222")`` / ``nats.connect(servers=[...])`` and
``nc = NATS()`` (``nats.aio.client.Client``) followed by ``await nc.connect(...)``: the broker
(the first server; nats-py's default ``nats://localhost:4222`` when none is given). On a
client built so, held in a local, a global, an attribute or a parameter annotated ``NATS``:
``publish(subject, ...)`` (publish), ``request(subject, ...)`` (request/reply: a publish to
the subject; the responder's ``subscribe`` is its consume) and ``subscribe(subject,
queue=..., cb=...)`` (consume; a literal queue group goes to ``queues``). On a JetStream
context ``js = nc.jetstream()`` (or a parameter annotated ``JetStreamContext``): ``publish``
(publish), ``subscribe`` and ``pull_subscribe`` (consume). One queue node per subject,
technology ``nats``, type ``subject``.

Wildcard subjects (``orders.*``, ``orders.>``) are reported as written: which concrete
subjects they cover is only known once every service is scanned, so
:mod:`scanner.subject_wildcards` moves a wildcard subscription onto the concrete subjects the
repository uses that it matches, and keeps the wildcard node only when none does.

Deliberately ignores: reply subjects (``publish(..., reply=...)``, ``msg.respond``: inboxes
made up at run time), JetStream management (``add_stream``, key-value and object stores),
and ``publish``/``subscribe``/``request`` on anything not known to be a NATS client (Redis
pub/sub and HTTP clients use the same method names).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of, splatted
from scanner.detectors.connect_args import first_item
from scanner.findings import BrokerConnection, Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

CONNECT = frozenset({"nats.connect"})
CLIENTS = frozenset({"nats.NATS", "nats.aio.client.Client", "nats.aio.client.NATS"})
JETSTREAMS = frozenset({"nats.js.JetStreamContext", "nats.js.client.JetStreamContext"})
CORE_CALLS: dict[str, Role] = {"publish": "publish", "request": "publish", "subscribe": "consume"}
JETSTREAM_CALLS: dict[str, Role] = {
    "publish": "publish",
    "subscribe": "consume",
    "pull_subscribe": "consume",
}
DEFAULT_SERVER = "nats://localhost:4222"
METHODS = frozenset(CORE_CALLS) | frozenset(JETSTREAM_CALLS) | {"connect"}


class NatsMessaging(Detector):
    name = "nats"
    modules = frozenset({"nats"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"nats", "jetstream"})

    @classmethod
    def may_want(cls, text: str, imported: frozenset[str]) -> bool:
        """Also files that use a client built elsewhere and name it (``self.nats``)."""
        return "nats" in imported or "nats" in text.lower() or "jetstream" in text.lower()

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        return "nats" in index.imported_roots or bool(index.calls.keys() & CORE_CALLS.keys())

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & CONNECT:
            self._broker(node)
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method not in METHODS:
            return
        kind = self._kind(self.ctx, receiver)
        if kind == "client" and method == "connect":
            self._broker(node)
        roles: dict[str, Role] = {"client": CORE_CALLS, "js": JETSTREAM_CALLS}.get(kind or "", {})
        subject = arg(node, 0, "subject")
        if method in roles and subject is not None and not _is_reply(subject):
            queue = arg(node, 1, "queue") if method == "subscribe" else None
            group = self.value(queue).text if queue is not None else None
            self._emit(node, roles[method], self.value(subject), group)

    def _kind(self, ctx: ModuleContext, receiver: cst.BaseExpression, depth: int = 0) -> str | None:
        """``client`` for a NATS connection, ``js`` for a JetStream context, else None."""
        found = self.ev.origin(ctx, receiver)
        if found is None:
            names = self.ev.type_names(ctx, receiver)
            return "client" if names & CLIENTS else "js" if names & JETSTREAMS else None
        made_ctx, call = found
        names = made_ctx.qualified_names(call.func)
        if names & (CONNECT | CLIENTS):
            return "client"
        inner = method_of(call)
        if inner is not None and inner[1] == "jetstream" and depth < 3:
            return "js" if self._kind(made_ctx, inner[0], depth + 1) == "client" else None
        return None

    def _broker(self, node: cst.Call) -> None:
        servers = arg(node, 0, "servers")
        if servers is None:
            address = Value.unknown("**kwargs") if splatted(node) else Value.of(DEFAULT_SERVER)
        else:
            ctx, first = first_item(self.ev, self.ctx, servers)
            address = value_of(self.ev, ctx, first)
        text = address.text
        if text is not None:
            first_server = text.split(",", 1)[0].strip()
            address = Value.of(first_server if "://" in first_server else f"nats://{first_server}")
        self.findings.append(BrokerConnection(self.ctx.path, self.line(node), "nats", address))

    def _emit(self, node: cst.Call, role: Role, subject: Value, group: str | None) -> None:
        found = Messaging(
            self.ctx.path,
            self.line(node),
            "nats",
            role,
            subject,
            "subject",
            queues=(group,) if group else (),
            library="nats",
        )
        self.findings.append(found)


def _is_reply(subject: cst.BaseExpression) -> bool:
    """``msg.reply``: the inbox of a request, made up at run time."""
    return isinstance(subject, cst.Attribute) and subject.attr.value == "reply"
