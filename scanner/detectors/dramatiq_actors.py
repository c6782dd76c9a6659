"""Dramatiq actors, the messages sent to them and the broker.

Recognises: ``@dramatiq.actor`` / ``@actor(queue_name=..., actor_name=...)`` on a function
(the file's service is a worker consuming the actor's queue, default ``default``; the actor
name, default the function's name, in ``tasks``), ``fn.send(...)`` / ``fn.send_with_options(
...)`` on such a function wherever the evaluator can reach its definition (publish to its
queue), and ``RedisBroker(url=...|host=...)`` / ``RabbitmqBroker(url=...|host=...)`` (the
broker address). Deliberately ignores: ``GenericActor`` classes, messages built by hand
(``Message(...)`` with ``broker.enqueue``), pipelines and groups, and ``.send`` on anything
not known to be a dramatiq actor.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import FuncRef
from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import BrokerConnection, Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

ACTORS = frozenset({"dramatiq.actor", "dramatiq.actor.actor", "dramatiq.actors.actor"})
BROKERS = {
    "dramatiq.brokers.redis.RedisBroker": "redis",
    "dramatiq.brokers.rabbitmq.RabbitmqBroker": "amqp",
}


class DramatiqActors(Detector):
    name = "dramatiq"
    modules = frozenset({"dramatiq"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"dramatiq", ".send(", ".send_with_options("})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that only call actors imported from elsewhere."""
        calls = index.calls.keys() & {"send", "send_with_options"}
        return "dramatiq" in index.imported_roots or bool(calls)

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        scheme = next((BROKERS[n] for n in names if n in BROKERS), None)
        if scheme is not None:
            self._broker(node, scheme)
            return
        found = method_of(node)
        if found is None or found[1] not in ("send", "send_with_options"):
            return
        bound = self.ev.resolve(self.ctx, found[0])
        if not isinstance(bound, FuncRef):
            return
        decorator = self._actor_decorator(bound.ctx, bound.info.node)
        if decorator is not None:
            queue, actor = _identity(self, bound.ctx, bound.info.node, decorator)
            self._emit(node, "publish", queue, actor)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        decorator = self._actor_decorator(self.ctx, node)
        if decorator is not None:
            queue, actor = _identity(self, self.ctx, node, decorator)
            self._emit(decorator, "consume", queue, actor)

    def _actor_decorator(
        self, ctx: ModuleContext, node: cst.FunctionDef
    ) -> cst.BaseExpression | None:
        for decorator in node.decorators:
            expr = decorator.decorator
            func = expr.func if isinstance(expr, cst.Call) else expr
            if ctx.qualified_names(func) & ACTORS:
                return expr
        return None

    def _broker(self, node: cst.Call, scheme: str) -> None:
        url = arg(node, None, "url")
        host = arg(node, None, "host")
        if url is not None:
            address = self.value(url)
        else:
            host_value = self.value(host) if host is not None else Value.of("localhost")
            address = Value.of(f"{scheme}://") + host_value
        found = BrokerConnection(self.ctx.path, self.line(node), "dramatiq", address)
        self.findings.append(found)

    def _emit(self, node: cst.CSTNode, role: Role, queue: Value, actor: str) -> None:
        found = Messaging(
            self.ctx.path,
            self.line(node),
            "dramatiq",
            role,
            queue,
            "dramatiq",
            tasks=(actor,) if actor else (),
            library="dramatiq",
        )
        self.findings.append(found)


def _identity(
    det: Detector, ctx: ModuleContext, node: cst.FunctionDef, decorator: cst.BaseExpression
) -> tuple[Value, str]:
    """(queue, actor name) as dramatiq registers them."""
    queue, actor = Value.of("default"), node.name.value
    if isinstance(decorator, cst.Call):
        queue_node, name_node = (
            arg(decorator, None, "queue_name"),
            arg(decorator, None, "actor_name"),
        )
        if queue_node is not None:
            queue = value_of(det.ev, ctx, queue_node)
        if name_node is not None:
            actor = value_of(det.ev, ctx, name_node).text or actor
    return queue, actor
