"""FastStream: subscribers and publishers on Kafka, RabbitMQ, NATS and Redis brokers.

Recognises brokers ``KafkaBroker("kafka:9092")`` (``faststream.kafka`` and
``faststream.confluent``), ``RabbitBroker(url)``, ``NatsBroker(servers)``,
``RedisBroker(url)``, their FastAPI routers (``faststream.kafka.fastapi.KafkaRouter(url)``,
...) and plain routers (``KafkaRouter(prefix="orders.")``, the prefix put before every
name), held anywhere the evaluator reaches or annotated. On them: ``@broker.subscriber(...)``
(consume), ``@broker.publisher(...)`` (publish; also ``pub = broker.publisher(...)`` then
``await pub.publish(msg)``), ``await broker.publish(msg, destination)`` (publish; also on
``router.broker``). Nodes are named exactly as the other detectors of each broker name them:

- Kafka: one node per topic (``subscriber(*topics)``, ``publish(msg, topic)``), technology
  ``kafka``.
- RabbitMQ: a subscriber with an ``exchange`` consumes from the exchange node (its queue in
  ``queues``), else from the queue node; a publish with an exchange goes to the exchange node
  (routing key ``routing_key`` or the queue), else to the queue node; ``RabbitQueue("q")`` and
  ``RabbitExchange("x")`` are read by their names. Technology ``rabbitmq``.
- NATS: one node per subject (queue group in ``queues``), technology ``nats``, as the
  nats-py detector names them (wildcards are joined by :mod:`scanner.subject_wildcards`).
- Redis: ``channel`` (positional) is a pub/sub channel, ``stream=`` a stream, ``list=`` a
  list; ``PubSub``/``StreamSub``/``ListSub("name")`` are read by their names. A FastStream
  list is a queue by construction, so it is reported as one (destination kind ``queue``,
  kept by :mod:`scanner.list_queues` like a blocking pop). Technology ``redis``.

Deliberately ignores: the broker of a plain router (known only where the router is included),
``publish``/``subscriber`` on anything that is not a FastStream broker or router, Kafka
``pattern=`` subscriptions, and RPC replies (``reply_to``: an inbox made up at run time).
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

# FastStream's subpackage -> the broker family (confluent-kafka is Kafka all the same)
FAMILIES = {"kafka": "kafka", "confluent": "kafka", "rabbit": "rabbit", "nats": "nats"}
FAMILIES["redis"] = "redis"
CLASSES = frozenset(
    f"{prefix}{kind}"
    for prefix in ("Kafka", "Rabbit", "Nats", "Redis")
    for kind in ("Broker", "Router")
)
TECHNOLOGY = {"kafka": "kafka", "rabbit": "rabbitmq", "nats": "nats", "redis": "redis"}
ADDRESS = {"kafka": "bootstrap_servers", "rabbit": "url", "nats": "servers", "redis": "url"}
NAMED = frozenset({"RabbitQueue", "RabbitExchange", "PubSub", "StreamSub", "ListSub"})
# (family, broker address, name prefix) of a broker or router
Broker = tuple[str, Value | None, Value]
# (destination, kind, routing key, queues)
Target = tuple[Value, str, Value | None, tuple[str, ...]]


class FastStreamBrokers(Detector):
    name = "faststream"
    modules = frozenset({"faststream"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"faststream", ".subscriber(", ".publisher("})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that use a broker or router built in another module."""
        return "faststream" in index.imported_roots or bool(
            index.decorators & {"subscriber", "publisher"}
        )

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            call = decorator.decorator
            found = method_of(call) if isinstance(call, cst.Call) else None
            if not isinstance(call, cst.Call) or found is None:
                continue
            if found[1] in ("subscriber", "publisher"):
                broker = self._broker(self.ctx, found[0])
                if broker is not None:
                    role: Role = "consume" if found[1] == "subscriber" else "publish"
                    self._emit(call, role, broker, self._targets(self.ctx, call, broker, 0, role))

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] != "publish":
            return
        broker = self._broker(self.ctx, found[0])
        if broker is not None:
            self._emit(node, "publish", broker, self._targets(self.ctx, node, broker, 1, "publish"))
            return
        made = self.ev.origin(self.ctx, found[0])  # ``pub = broker.publisher("out")``
        inner = method_of(made[1]) if made is not None else None
        if made is not None and inner is not None and inner[1] == "publisher":
            broker = self._broker(made[0], inner[0])
            if broker is not None:
                targets = self._targets(made[0], made[1], broker, 0, "publish")
                self._emit(node, "publish", broker, targets)

    # -- brokers -----------------------------------------------------------------------
    def _broker(self, ctx: ModuleContext, receiver: cst.BaseExpression) -> Broker | None:
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "broker":
            receiver = receiver.value  # ``router.broker`` of a FastAPI router
        found = self.ev.origin(ctx, receiver)
        names = (
            found[0].qualified_names(found[1].func) if found else self.ev.type_names(ctx, receiver)
        )
        family = _family(names)
        if family is None:
            return None
        if found is None:
            return family, None, Value()
        bctx, call = found
        plain = not any(".fastapi." in n for n in names) and any(
            n.endswith("Router") for n in names
        )
        prefix = arg(call, None, "prefix") if plain else None
        address = None if plain else arg(call, 0, ADDRESS[family])
        return (
            family,
            self._address(bctx, family, address) if address is not None else None,
            value_of(self.ev, bctx, prefix) if prefix is not None else Value(),
        )

    def _address(self, ctx: ModuleContext, family: str, node: cst.BaseExpression) -> Value:
        bound = self.ev.resolve(ctx, node)
        lists = cst.List | cst.Tuple
        if isinstance(bound, Expr) and isinstance(bound.node, lists) and bound.node.elements:
            ctx, node = bound.ctx, bound.node.elements[0].value
        value = value_of(self.ev, ctx, node)
        text = value.text
        if family == "nats" and text is not None and "://" not in text:
            return Value.of(f"nats://{text}")
        return value

    # -- destinations ------------------------------------------------------------------
    def _targets(
        self, ctx: ModuleContext, call: cst.Call, broker: Broker, offset: int, role: Role
    ) -> list[Target]:
        family, _, prefix = broker

        def named(position: int | None, *keys: str) -> Value | None:
            given = arg(call, position, *keys)
            return self._name(ctx, given, prefix) if given is not None else None

        if family == "kafka":
            if role == "consume" and offset == 0:
                topics = [a.value for a in call.args if a.keyword is None and a.star == ""]
                return [(self._name(ctx, t, prefix), "topic", None, ()) for t in topics]
            topic = named(offset, "topic")
            return [(topic, "topic", None, ())] if topic is not None else []
        if family == "nats":
            subject, group = named(offset, "subject"), arg(call, None, "queue")
            queues = _texts(value_of(self.ev, ctx, group)) if group is not None else ()
            return [(subject, "subject", None, queues)] if subject is not None else []
        if family == "redis":
            found = [(named(offset, "channel"), "channel"), (named(None, "stream"), "stream")]
            found.append((named(None, "list"), "queue"))
            return [(v, kind, None, ()) for v, kind in found if v is not None]
        return self._rabbit(ctx, call, prefix, offset, role)

    def _rabbit(
        self, ctx: ModuleContext, call: cst.Call, prefix: Value, offset: int, role: Role
    ) -> list[Target]:
        queue_node, exchange_node = arg(call, offset, "queue"), arg(call, offset + 1, "exchange")
        queue = self._name(ctx, queue_node, prefix) if queue_node is not None else None
        exchange = self._name(ctx, exchange_node, Value()) if exchange_node is not None else None
        key_node = arg(call, None, "routing_key")
        key = value_of(self.ev, ctx, key_node) if key_node is not None else None
        if key is None and queue_node is not None:
            key = self._queue_key(ctx, queue_node) or queue
        if exchange is not None and exchange.text != "":
            queues = _texts(queue) if role == "consume" and queue is not None else ()
            return [(exchange, "exchange", key, queues)]
        destination = queue if queue is not None and queue.text != "" else key
        return [(destination, "queue", None, ())] if destination is not None else []

    def _queue_key(self, ctx: ModuleContext, node: cst.BaseExpression) -> Value | None:
        """The ``routing_key`` of a ``RabbitQueue("q", routing_key=...)``."""
        bound = self.ev.resolve(ctx, node)
        if isinstance(bound, Expr) and isinstance(bound.node, cst.Call):
            given = arg(bound.node, None, "routing_key")
            if given is not None:
                return value_of(self.ev, bound.ctx, given)
        return None

    def _name(self, ctx: ModuleContext, node: cst.BaseExpression, prefix: Value) -> Value:
        """A destination's name: the value, or the name of ``RabbitQueue("q")``-like objects."""
        bound = self.ev.resolve(ctx, node)
        if isinstance(bound, Expr) and isinstance(bound.node, cst.Call):
            names = bound.ctx.qualified_names(bound.node.func)
            if any(n.startswith("faststream.") and n.rsplit(".", 1)[-1] in NAMED for n in names):
                given = arg(bound.node, 0, "name", "stream", "list", "channel")
                if given is not None:
                    return prefix + value_of(self.ev, bound.ctx, given)
        return prefix + value_of(self.ev, ctx, node)

    def _emit(self, node: cst.Call, role: Role, broker: Broker, targets: list[Target]) -> None:
        family, address, _ = broker
        for destination, kind, key, queues in targets:
            found = Messaging(
                self.ctx.path,
                self.line(node),
                TECHNOLOGY[family],
                role,
                destination,
                kind,
                broker=address,
                routing_key=key if kind == "exchange" else None,
                queues=queues,
                library="faststream",
            )
            self.findings.append(found)


def _family(names: frozenset[str]) -> str | None:
    for name in sorted(names):
        parts = name.split(".")
        if parts[0] == "faststream" and len(parts) > 2 and parts[-1] in CLASSES:
            return FAMILIES.get(parts[1])
    return None


def _texts(value: Value | None) -> tuple[str, ...]:
    text = value.text if value is not None else None
    return (text,) if text else ()
