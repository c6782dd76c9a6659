"""Kafka producers and consumers: aiokafka, kafka-python and confluent-kafka.

Recognises: ``AIOKafkaProducer``/``KafkaProducer(bootstrap_servers=...)`` then
``send``/``send_and_wait(topic, ...)`` on it (publish), ``AIOKafkaConsumer``/``KafkaConsumer(
"topic", ..., bootstrap_servers=...)`` and ``subscribe([topics])`` (consume), and
confluent-kafka ``Producer(conf).produce(topic, ...)`` / ``Consumer(conf).subscribe([...])``
with ``bootstrap.servers`` in a literal config dict. Producers/consumers held as locals,
globals, attributes or annotated parameters all count. Deliberately ignores: topic patterns
(``subscribe(pattern=...)``), admin clients, and Faust/FastStream (their own idioms).
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import Messaging, Role
from scanner.symbolic import value_of
from scanner.values import Value

PRODUCERS = frozenset(
    {
        "aiokafka.AIOKafkaProducer",
        "aiokafka.producer.AIOKafkaProducer",
        "kafka.KafkaProducer",
        "confluent_kafka.Producer",
    }
)
CONSUMERS = frozenset(
    {
        "aiokafka.AIOKafkaConsumer",
        "aiokafka.consumer.AIOKafkaConsumer",
        "kafka.KafkaConsumer",
        "confluent_kafka.Consumer",
    }
)


class KafkaClients(Detector):
    name = "kafka"
    modules = frozenset({"aiokafka", "kafka", "confluent_kafka"})

    _library = "kafka"

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        self._library = _library_of(names, self._library)
        if names & CONSUMERS and "confluent_kafka.Consumer" not in names:  # its arg is config
            broker = self._broker(node)
            for given in node.args:
                if given.keyword is None and given.star == "":
                    self._emit(node, "consume", self.value(given.value), broker)
                elif given.star == "*":  # ``AIOKafkaConsumer(*TOPICS, ...)``
                    for named in self._topics(given.value):
                        self._emit(node, "consume", named, broker)
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method in ("send", "send_and_wait", "produce"):
            made, maker = self.made_by(receiver)
            self._library = _library_of(made, self._library)
            topic = arg(node, 0, "topic")
            if made & PRODUCERS and topic is not None:
                broker = self._made_broker(maker)
                self._emit(node, "publish", self.value(topic), broker)
        elif method == "subscribe":
            made, maker = self.made_by(receiver)
            self._library = _library_of(made, self._library)
            topics = arg(node, 0, "topics")
            if made & CONSUMERS and topics is not None:
                broker = self._made_broker(maker)
                for named in self._topics(topics):
                    self._emit(node, "consume", named, broker)

    def _topics(self, node: cst.BaseExpression) -> list[Value]:
        """The topics of a literal list, tuple or set, written here or bound to a name
        (``TOPICS = ["user.delete"]``, also in another module); none when it is anything
        else (a pattern, a computed list)."""
        ctx = self.ctx
        if not isinstance(node, cst.List | cst.Tuple | cst.Set):
            bound = self.ev.resolve(self.ctx, node)
            if not isinstance(bound, Expr):
                return []
            ctx, node = bound.ctx, bound.node
        if not isinstance(node, cst.List | cst.Tuple | cst.Set):
            return []
        return [
            value_of(self.ev, ctx, item.value)
            for item in node.elements
            if not isinstance(item, cst.StarredElement)
        ]

    def _broker(self, node: cst.Call) -> Value | None:
        servers = arg(node, None, "bootstrap_servers")
        return self.value(servers) if servers is not None else None

    def _made_broker(self, maker: cst.Call | None) -> Value | None:
        if maker is None:
            return None
        servers = arg(maker, None, "bootstrap_servers")
        if servers is not None:
            return self.made_value(servers)
        conf = arg(maker, 0, "config")
        if conf is not None and not isinstance(conf, cst.Dict):
            bound = self.ev.resolve(getattr(self, "_origin_ctx", self.ctx), conf)
            conf = (
                bound.node if isinstance(bound, Expr) and isinstance(bound.node, cst.Dict) else conf
            )
        if isinstance(conf, cst.Dict):
            for element in conf.elements:
                if (
                    isinstance(element, cst.DictElement)
                    and self.made_value(element.key).text == "bootstrap.servers"
                ):
                    return self.made_value(element.value)
        return None

    def _emit(self, node: cst.Call, role: Role, topic: Value, broker: Value | None) -> None:
        self.findings.append(
            Messaging(
                self.ctx.path,
                self.line(node),
                "kafka",
                role,
                topic,
                "topic",
                broker=broker,
                library=self._library,
            )
        )


def _library_of(made: frozenset[str], default: str) -> str:
    known = sorted(made & (PRODUCERS | CONSUMERS))
    return known[0].split(".", 1)[0] if known else default
