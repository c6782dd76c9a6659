"""RabbitMQ through pika.

Recognises: ``BlockingConnection``/``SelectConnection`` with ``URLParameters(url)`` or
``ConnectionParameters(host=...)`` (broker address), ``basic_publish(exchange, routing_key,
body)`` (publish to the exchange; to the queue named by the routing key for the default
exchange ``""``), and the consumer side ``queue_declare``/``queue_bind``/``basic_consume``:
a consumed queue bound in the same file to an exchange consumes from that exchange (queue
names in ``queues``), else from the queue. Deliberately ignores: exchange/queue names only
known at run time (they are still reported, as unresolved values), aio-pika and kombu (their
own detectors' job), ``basic_get`` polling.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of, splatted
from scanner.findings import BrokerConnection, Messaging, Role
from scanner.values import Value

URL_PARAMETERS = frozenset({"pika.URLParameters", "pika.connection.URLParameters"})
PARAMETERS = frozenset({"pika.ConnectionParameters", "pika.connection.ConnectionParameters"})
CONNECTIONS = frozenset(
    {
        "pika.BlockingConnection",
        "pika.SelectConnection",
        "pika.adapters.blocking_connection.BlockingConnection",
    }
)


class PikaMessaging(Detector):
    name = "pika"
    modules = frozenset({"pika"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._binds: dict[str, list[tuple[Value, Value | None]]] = {}
        self._consumes: list[tuple[cst.Call, Value]] = []

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & URL_PARAMETERS and (url := arg(node, 0, "url")) is not None:
            self._broker(node, self.value(url))
        elif names & PARAMETERS:
            host = arg(node, 0, "host")
            address = Value.of("amqp://") + (
                self.value(host) if host is not None else _default(node, Value.of("localhost"))
            )
            port = arg(node, 1, "port")
            self._broker(
                node, address + (Value.of(":") + self.value(port) if port is not None else Value())
            )
        found = method_of(node)
        if found is None or not self._may_be_channel(found[0]):
            return
        if found[1] == "basic_publish":
            self._publish(node)
        elif found[1] == "queue_bind":
            queue, exchange = arg(node, 0, "queue"), arg(node, 1, "exchange")
            key = arg(node, 2, "routing_key")
            if queue is not None and exchange is not None:
                bind = (self.value(exchange), self.value(key) if key is not None else None)
                self._binds.setdefault(self.value(queue).render(), []).append(bind)
        elif found[1] == "basic_consume":
            queue = arg(node, 0, "queue")
            if queue is not None:
                self._consumes.append((node, self.value(queue)))

    def _may_be_channel(self, receiver: cst.BaseExpression) -> bool:
        """A receiver built by ``<connection>.channel()`` where the connection is not known to
        come from another library. One whose origin the evaluator cannot see (a callback's
        ``ch`` parameter, a connection factory) is given the benefit of the doubt: the file
        imports pika and these method names are pika's."""
        made = self.ev.origin(self.ctx, receiver)
        if made is None:
            return True
        inner = method_of(made[1])
        if inner is None or inner[1] != "channel":
            return not made[0].qualified_names(made[1].func)
        connection, _ = self.made_by(inner[0])
        other_libraries = self.ctx.index.imported_roots - {"pika"}
        foreign = {n for n in connection if n.split(".", 1)[0] in other_libraries}
        return bool(connection & CONNECTIONS) or not foreign

    def _broker(self, node: cst.Call, address: Value) -> None:
        self.findings.append(BrokerConnection(self.ctx.path, self.line(node), "rabbitmq", address))

    def _publish(self, node: cst.Call) -> None:
        exchange_node, key_node = arg(node, 0, "exchange"), arg(node, 1, "routing_key")
        if exchange_node is None:
            return
        exchange = self.value(exchange_node)
        key = self.value(key_node) if key_node is not None else None
        if exchange.text == "" and key is not None:
            destination, kind = key, "queue"
        else:
            destination, kind = exchange, "exchange"
        found = Messaging(
            self.ctx.path,
            self.line(node),
            "rabbitmq",
            "publish",
            destination,
            kind,
            routing_key=key,
            library="pika",
        )
        self.findings.append(found)

    def leave_Module(self, original_node: cst.Module) -> None:
        for node, queue in self._consumes:
            binds = self._binds.get(queue.render(), [])
            queue_name = queue.text
            for exchange, key in binds or [(queue, None)]:
                kind = "exchange" if binds else "queue"
                queues = (queue_name,) if binds and queue_name else ()
                bound = queue if binds and not queue_name else None
                self.findings.append(
                    rabbitmq(self, node, "consume", exchange, kind, key, queues, "pika", bound)
                )


def rabbitmq(
    detector: Detector,
    node: cst.CSTNode,
    role: Role,
    destination: Value,
    kind: str,
    key: Value | None,
    queues: tuple[str, ...],
    library: str,
    bound: Value | None = None,
) -> Messaging:
    """A RabbitMQ publish or consume at ``node``, as every AMQP client library reports it
    (pika, aio-pika, kombu): an exchange or queue destination, its routing key and the
    queues a consumer binds (``bound``: the one whose name the environment gives)."""
    return Messaging(
        detector.ctx.path,
        detector.line(node),
        "rabbitmq",
        role,
        destination,
        kind,
        routing_key=key,
        queues=queues,
        library=library,
        bound_queue=bound,
    )


def _default(node: cst.Call, fallback: Value) -> Value:
    """The library's default address, unless ``**kwargs`` may carry the real one."""
    return Value.unknown("**kwargs") if splatted(node) else fallback
