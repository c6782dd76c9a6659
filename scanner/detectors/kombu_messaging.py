"""RabbitMQ through kombu: exchanges, routing keys and queues.

Recognises: ``Connection(url)`` (broker address); ``Exchange("name")`` and ``Queue("name",
exchange, routing_key=...)`` declarations, followed through names, attributes and module
constants; ``producer.publish(body, exchange=..., routing_key=...)`` on a producer from
``Producer(channel, exchange=...)`` or ``connection.Producer(...)`` (publish to the exchange
given at the call, else the producer's, else to the queue the routing key names when the
exchange is the default ``""``); ``Consumer(channel, queues=[...])``, ``connection.Consumer(
[...])`` and ``Consumer(queues=[...])`` in a ``ConsumerMixin.get_consumers`` (each queue
bound to a named exchange consumes from that exchange, queue names in ``queues``, else from
the queue); ``connection.SimpleQueue("name")`` ``put``/``get`` (kombu binds the queue to an
exchange of the same name). Deliberately ignores: producer/connection pools (``producers[conn]
.acquire()``), ``Queue(bindings=[...])`` with several bindings, queues or exchanges only known
as a variable list, and Celery's use of kombu (the Celery detector's job).
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Param
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.pika_messaging import rabbitmq
from scanner.findings import BrokerConnection, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

CONNECTIONS = frozenset(
    {"kombu.Connection", "kombu.BrokerConnection", "kombu.connection.Connection"}
)
EXCHANGES = frozenset({"kombu.Exchange", "kombu.entity.Exchange"})
QUEUES = frozenset({"kombu.Queue", "kombu.entity.Queue"})
PRODUCERS = frozenset({"kombu.Producer", "kombu.messaging.Producer"})
CONSUMERS = frozenset({"kombu.Consumer", "kombu.messaging.Consumer"})


class KombuMessaging(Detector):
    name = "kombu"
    modules = frozenset({"kombu"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | {"routing_key", ".Consumer("}

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that publish or consume through a producer or connection built in
        another module (``from .mq import producer``)."""
        calls = index.calls.keys() & {"publish", "Consumer"}
        return bool("kombu" in index.imported_roots or calls)

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & CONNECTIONS and (url := arg(node, 0, "hostname")) is not None:
            address = self.value(url)
            found = BrokerConnection(self.ctx.path, self.line(node), "rabbitmq", address)
            self.findings.append(found)
            return
        if names & CONSUMERS or self._factory_consumer(node):
            self._consume(node, arg(node, 1, "queues"))
            return
        method = method_of(node)
        if method is None:
            return
        receiver, name = method
        if name == "Consumer" and self._is_connection(receiver):
            self._consume(node, arg(node, 0, "queues"))
        elif name == "publish":
            self._publish(node, receiver)
        elif name in ("put", "get"):
            self._simple_queue(node, receiver, "publish" if name == "put" else "consume")

    # -- publishing ----------------------------------------------------------------------
    def _publish(self, node: cst.Call, receiver: cst.BaseExpression) -> None:
        made = self.ev.origin(self.ctx, receiver)
        if made is None or not self._is_producer(*made):
            return
        ctx, producer = made
        key_node = arg(node, None, "routing_key")
        key = self.value(key_node) if key_node is not None else None
        exchange = self._exchange(self.ctx, arg(node, None, "exchange"))
        if exchange is None:
            position = 1 if ctx.qualified_names(producer.func) & PRODUCERS else None
            exchange = self._exchange(ctx, arg(producer, position, "exchange"))
        if exchange is None or exchange.text == "":
            if key is not None:
                self._emit(node, "publish", key, "queue", key)
            return
        self._emit(node, "publish", exchange, "exchange", key)

    def _is_producer(self, ctx: ModuleContext, call: cst.Call) -> bool:
        if ctx.qualified_names(call.func) & PRODUCERS:
            return True
        inner = method_of(call)
        return inner is not None and inner[1] == "Producer" and self._is_connection(inner[0])

    def _is_connection(self, receiver: cst.BaseExpression) -> bool:
        """Built by ``Connection(...)``; one the evaluator cannot trace (a parameter, a
        ``with`` target) is given the benefit of the doubt in a file importing kombu."""
        made = self.ev.origin(self.ctx, receiver)
        return made is None or bool(made[0].qualified_names(made[1].func) & CONNECTIONS)

    def _exchange(self, ctx: ModuleContext, node: cst.BaseExpression | None) -> Value | None:
        """The name of an exchange given as ``Exchange("name")`` or as a string."""
        if node is None:
            return None
        made = self.ev.origin(ctx, node)
        if made is not None and made[0].qualified_names(made[1].func) & EXCHANGES:
            name = arg(made[1], 0, "name")
            return value_of(self.ev, made[0], name) if name is not None else Value()
        if made is not None:
            return None  # some other object: not an exchange we can name
        return value_of(self.ev, ctx, node)

    # -- consuming -----------------------------------------------------------------------
    def _consume(self, node: cst.Call, queues: cst.BaseExpression | None) -> None:
        for ctx, queue in self._queues(queues):
            name_node = arg(queue, 0, "name")
            if name_node is None:
                continue
            name = value_of(self.ev, ctx, name_node)
            exchange = self._exchange(ctx, arg(queue, 1, "exchange"))
            key_node = arg(queue, 2, "routing_key")
            key = value_of(self.ev, ctx, key_node) if key_node is not None else None
            if exchange is None or exchange.text == "":
                self._emit(node, "consume", name, "queue", None)
            else:
                queues_detail = (name.text,) if name.text else ()
                self._emit(node, "consume", exchange, "exchange", key, queues_detail)

    def _factory_consumer(self, node: cst.Call) -> bool:
        """``Consumer(...)`` where ``Consumer`` is a parameter: ``ConsumerMixin.
        get_consumers(self, Consumer, channel)`` is handed kombu's factory."""
        func = node.func
        is_named = isinstance(func, cst.Name) and func.value == "Consumer"
        return is_named and isinstance(self.ev.resolve(self.ctx, func), Param)

    def _queues(self, node: cst.BaseExpression | None) -> list[tuple[ModuleContext, cst.Call]]:
        """The ``Queue(...)`` declarations of a list/tuple (literal or bound to a name)."""
        if node is None:
            return []
        elements: list[cst.BaseExpression] = [node]
        if isinstance(node, cst.List | cst.Tuple):
            elements = [e.value for e in node.elements]
        else:
            bound = self.ev.resolve(self.ctx, node)
            value = getattr(bound, "node", None)
            if isinstance(value, cst.List | cst.Tuple):
                elements = [e.value for e in value.elements]
        found = []
        for element in elements:
            made = self.ev.origin(self.ctx, element)
            if made is not None and made[0].qualified_names(made[1].func) & QUEUES:
                found.append(made)
        return found

    def _simple_queue(self, node: cst.Call, receiver: cst.BaseExpression, role: Role) -> None:
        made = self.ev.origin(self.ctx, receiver)
        inner = method_of(made[1]) if made is not None else None
        if made is None or inner is None or inner[1] not in ("SimpleQueue", "SimpleBuffer"):
            return
        name_node = arg(made[1], 0, "name")
        if name_node is None or not self._is_connection(inner[0]):
            return
        name = value_of(self.ev, made[0], name_node)
        queues = (name.text,) if role == "consume" and name.text else ()
        self._emit(node, role, name, "exchange", name, queues)

    def _emit(
        self,
        node: cst.Call,
        role: Role,
        destination: Value,
        kind: str,
        key: Value | None,
        queues: tuple[str, ...] = (),
    ) -> None:
        self.findings.append(rabbitmq(self, node, role, destination, kind, key, queues, "kombu"))
