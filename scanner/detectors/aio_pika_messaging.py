"""RabbitMQ through aio-pika.

Recognises: ``aio_pika.connect_robust(url)`` / ``aio_pika.connect(url)`` (broker address),
``exchange.publish(message, routing_key=...)`` on an exchange from ``channel.declare_exchange(
"name")`` or ``channel.get_exchange("name")`` (publish to that exchange), ``channel.
default_exchange.publish(message, routing_key="queue")`` (publish to the queue), and
``queue.consume(callback)`` / ``queue.iterator()`` on a queue from ``channel.declare_queue(
"name")``, consuming from the exchange(s) that queue is bound to in the same file with
``queue.bind(exchange, routing_key=...)``, else from the queue itself. Exchanges and queues
are often declared at start-up and handed to other modules (``app.state``, a dependency, a
constructor argument): their names are read where they are declared. A bind to an exchange
whose name is not known keeps the consume on that (unknown) exchange, reported, rather than
on the queue. Deliberately ignores: exchanges and queues created by name only known at run
time, RPC patterns (``aio_pika.patterns``).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.pika_messaging import rabbitmq
from scanner.findings import BrokerConnection, Role
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

Declared = tuple[ModuleContext, cst.Call]  # a ``declare_*`` call and the module it is in

CONNECTS = frozenset({"aio_pika.connect_robust", "aio_pika.connect"})


class AioPikaMessaging(Detector):
    name = "aio_pika"
    modules = frozenset({"aio_pika"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._binds: dict[cst.Call, list[tuple[Value, Value | None]]] = {}
        self._consumes: list[tuple[cst.Call, Declared]] = []

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & CONNECTS:
            url = arg(node, 0, "url")
            if url is not None:
                self.findings.append(
                    BrokerConnection(self.ctx.path, self.line(node), "rabbitmq", self.value(url))
                )
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method == "publish":
            self._publish(node, receiver)
        elif method == "bind":
            queue = self._declared(receiver, "declare_queue")
            exchange = arg(node, 0, "exchange")
            if queue is not None and exchange is not None:
                # an exchange that cannot be named stays unknown: the bound queue is not
                # what its consumer consumes from (the exchange is)
                name = self._exchange_name(exchange) or Value.unknown(self.ctx.code(exchange))
                key = arg(node, 1, "routing_key")
                self._binds.setdefault(queue[1], []).append(
                    (name, self.value(key) if key is not None else None)
                )
        elif method in ("consume", "iterator"):
            queue = self._declared(receiver, "declare_queue")
            if queue is not None:
                self._consumes.append((node, queue))

    def _declared(self, receiver: cst.BaseExpression, how: str) -> Declared | None:
        """The ``declare_*`` call that made ``receiver``, with the module it stands in (an
        exchange declared at start-up is often handed to another module's code)."""
        found = self.ev.origin(self.ctx, receiver)
        if found is None:
            return None
        inner = method_of(found[1])
        return found if inner is not None and inner[1] == how else None

    def _declared_name(self, declared: Declared | None) -> Value | None:
        """The name a ``declare_*`` call gives, evaluated where the call is written."""
        name = arg(declared[1], 0, "name") if declared is not None else None
        return value_of(self.ev, declared[0], name) if declared and name is not None else None

    def _exchange_name(self, node: cst.BaseExpression) -> Value | None:
        declared = self._declared(node, "declare_exchange") or self._declared(node, "get_exchange")
        if declared is not None:
            return self._declared_name(declared)
        value = self.value(node)
        return value if value.text is not None else None

    def _publish(self, node: cst.Call, receiver: cst.BaseExpression) -> None:
        key_node = arg(node, 1, "routing_key")
        key = self.value(key_node) if key_node is not None else None
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "default_exchange":
            if key is not None:
                self._emit(node, "publish", key, "queue", key)
            return
        declared = self._declared(receiver, "declare_exchange") or self._declared(
            receiver, "get_exchange"
        )
        name = self._declared_name(declared)
        if name is not None:
            self._emit(node, "publish", name, "exchange", key)

    def _emit(
        self,
        node: cst.CSTNode,
        role: Role,
        destination: Value,
        kind: str,
        key: Value | None,
        queues: tuple[str, ...] = (),
    ) -> None:
        self.findings.append(rabbitmq(self, node, role, destination, kind, key, queues, "aio_pika"))

    def leave_Module(self, original_node: cst.Module) -> None:
        for node, queue in self._consumes:
            name = self._declared_name(queue)
            if name is None:
                continue
            binds = self._binds.get(queue[1], [])
            if not binds:
                self._emit(node, "consume", name, "queue", None)
            for exchange, key in binds:
                self._emit(
                    node, "consume", exchange, "exchange", key, (name.text,) if name.text else ()
                )
