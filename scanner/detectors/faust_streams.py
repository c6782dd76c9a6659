"""Faust (faust-streaming) stream processors: the Kafka topics agents consume and code sends to.

Recognises: ``faust.App("id", broker="kafka://host:9092")`` (the broker of every topic the app
declares; the first of a list or ``;``-separated string), topics ``app.topic("orders", ...)``
held anywhere the evaluator can reach (locals, module globals, other modules, attributes),
``@app.agent(topic)`` / ``@app.agent("orders")`` / ``@app.agent()`` (consume; an agent without a
channel reads Faust's own topic ``<app id>-<module>.<function>``; each agent also marks the
service as a Faust worker), ``topic.send(...)`` / ``send_soon`` (publish), ``agent.send`` /
``cast`` / ``ask`` / ``send_soon`` on another agent (publish to that agent's topic) and
``app.send("topic" | topic, ...)``, and ``sink=[topic | agent]`` (where an agent's yielded
values go: publish). Topic nodes are named exactly as the Kafka detector names them, by the
topic name. Deliberately ignores: ``app.Table``/``GlobalTable`` (their
``<id>-<table>-changelog`` topics are Faust's internal state, not an edge between services),
in-memory ``app.channel()``, topics given only by ``pattern=``, callables among sinks, and
``.send`` on anything not known to be a Faust topic or agent.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import FuncRef
from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import AppDefinition, Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

APPS = frozenset({"faust.App", "faust.app.App", "faust.app.base.App"})
TOPIC_SENDS = frozenset({"send", "send_soon"})
AGENT_SENDS = frozenset({"send", "send_soon", "cast", "ask"})

# (module of the topic/agent expression, the ``app.topic(...)`` or agent decorator call)
Site = tuple[ModuleContext, cst.Call]


class FaustStreams(Detector):
    name = "faust"
    modules = frozenset({"faust"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"faust", ".agent(", "topic.send", ".send_soon(", ".cast(", ".ask("})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that import the app, its topics or agents from elsewhere."""
        calls = index.calls.keys() & (AGENT_SENDS | {"topic"})
        return "faust" in index.imported_roots or "agent" in index.decorators or bool(calls)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        decorator = self._agent_decorator(self.ctx, node)
        if decorator is None:
            return
        line = self.line(decorator)
        topics = self._agent_topics(self.ctx, node, decorator)
        if topics:  # an agent on an in-memory channel alone does not make a Kafka worker
            self.findings.append(AppDefinition(self.ctx.path, line, "faust"))
        for topic, broker in topics:
            self._emit(line, "consume", topic, broker)
        sinks = arg(decorator, None, "sink")
        for sink in sinks.elements if isinstance(sinks, cst.List | cst.Tuple) else []:
            for topic, broker in self._destination(sink.value):
                self._emit(line, "publish", topic, broker)

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method == "send" and self._app_call(self.ctx, receiver) is not None:
            channel = arg(node, 0, "channel")
            if channel is not None:
                for topic, broker in self._channel_topics(self.ctx, channel, receiver):
                    self._emit(self.line(node), "publish", topic, broker)
            return
        if method in AGENT_SENDS:
            agent_only = method not in TOPIC_SENDS
            for topic, broker in self._destination(receiver, agent_only):
                self._emit(self.line(node), "publish", topic, broker)

    def _destination(
        self, node: cst.BaseExpression, agent_only: bool = False
    ) -> list[tuple[Value, Value | None]]:
        """Topics a message sent to ``node`` lands on: a topic's own, or an agent's channel."""
        site = None if agent_only else self._topic_site(self.ctx, node)
        if site is not None:
            return self._topic_names(*site)
        bound = self.ev.resolve(self.ctx, node)
        if isinstance(bound, FuncRef):
            decorator = self._agent_decorator(bound.ctx, bound.info.node)
            if decorator is not None:
                return self._agent_topics(bound.ctx, bound.info.node, decorator)
        return []

    # -- what the code refers to -----------------------------------------------------------
    def _app_call(self, ctx: ModuleContext, receiver: cst.BaseExpression) -> Site | None:
        """The ``faust.App(...)`` call that built ``receiver``, when it is a Faust app."""
        found = self.ev.origin(ctx, receiver)
        if found is not None and found[0].qualified_names(found[1].func) & APPS:
            return found
        return None

    def _agent_decorator(self, ctx: ModuleContext, node: cst.FunctionDef) -> cst.Call | None:
        for decorator in node.decorators:
            expr = decorator.decorator
            if not isinstance(expr, cst.Call):
                continue
            found = method_of(expr)
            if found is not None and found[1] == "agent" and self._app_call(ctx, found[0]):
                return expr
        return None

    def _topic_site(self, ctx: ModuleContext, node: cst.BaseExpression) -> Site | None:
        """The ``app.topic(...)`` call a topic expression was built by."""
        found = self.ev.origin(ctx, node)
        if found is None:
            return None
        tctx, call = found
        method = method_of(call)
        if method is not None and method[1] == "topic" and self._app_call(tctx, method[0]):
            return tctx, call
        return None

    def _agent_topics(
        self, ctx: ModuleContext, node: cst.FunctionDef, decorator: cst.Call
    ) -> list[tuple[Value, Value | None]]:
        """Topics an agent reads: its channel, else Faust's ``<app id>-<module>.<name>``."""
        receiver = method_of(decorator)
        app = self._app_call(ctx, receiver[0]) if receiver is not None else None
        channel = arg(decorator, 0, "channel")
        if channel is not None and receiver is not None:
            return self._channel_topics(ctx, channel, receiver[0])
        if app is None:
            return []
        app_ctx, app_node = app
        app_id = arg(app_node, 0, "id")
        given = arg(decorator, None, "name")
        name = (
            value_of(self.ev, ctx, given)
            if given is not None
            else Value.of(f"{self.ev.loader.dotted_name(ctx.path)}.{node.name.value}".lstrip("."))
        )
        prefix = value_of(self.ev, app_ctx, app_id) if app_id is not None else Value.unknown("id")
        return [(prefix + Value.of("-") + name, self._broker(app))]

    def _channel_topics(
        self, ctx: ModuleContext, channel: cst.BaseExpression, app: cst.BaseExpression
    ) -> list[tuple[Value, Value | None]]:
        """A channel given as a topic object or as a topic name (on ``app``)."""
        site = self._topic_site(ctx, channel)
        if site is not None:
            return self._topic_names(*site)
        built = self.ev.origin(ctx, channel)
        method = method_of(built[1]) if built is not None else None
        if method is not None and method[1] in ("channel", "Table", "GlobalTable"):
            return []  # an in-memory channel or a table: no topic between services
        found = self._app_call(ctx, app)
        return [(value_of(self.ev, ctx, channel), self._broker(found) if found else None)]

    def _topic_names(self, ctx: ModuleContext, call: cst.Call) -> list[tuple[Value, Value | None]]:
        receiver = method_of(call)
        app = self._app_call(ctx, receiver[0]) if receiver is not None else None
        broker = self._broker(app) if app is not None else None
        names = [a.value for a in call.args if a.keyword is None and a.star == ""]
        return [(value_of(self.ev, ctx, n), broker) for n in names]

    def _broker(self, app: Site) -> Value | None:
        ctx, call = app
        given = arg(call, None, "broker")
        if isinstance(given, cst.List | cst.Tuple) and given.elements:
            given = given.elements[0].value
        if given is None:
            return None
        value = value_of(self.ev, ctx, given)
        text = value.text
        return Value.of(text.split(";", 1)[0].split(",", 1)[0]) if text is not None else value

    def _emit(self, line: int, role: Role, topic: Value, broker: Value | None) -> None:
        found = Messaging(
            self.ctx.path, line, "kafka", role, topic, "topic", broker=broker, library="faust"
        )
        self.findings.append(found)
