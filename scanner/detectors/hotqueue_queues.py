"""HotQueue: FIFO queues kept in a Redis list (``richardhenry/hotqueue``).

Recognises: ``HotQueue("jobs", host=..., port=..., db=...)`` (also ``hotqueue.HotQueue`` and
aliases), followed through names, attributes and imports like any client, and on such a
queue ``put(...)`` (publish), ``get(...)``, ``consume(...)`` and the ``@queue.worker`` /
``@queue.worker(timeout=...)`` decorator (consume). The broker is ``redis://host:port`` from
the constructor's keywords (HotQueue passes them to ``redis.Redis``; ``localhost:6379`` when
absent, unknown when they come in ``**kwargs``).

Node naming: HotQueue stores queue ``jobs`` under the Redis key ``hotqueue:jobs``, and the
node is named by that key, technology ``redis``, as :mod:`scanner.detectors.redis_lists`
names list queues by their key: a producer in another language (or plain redis-py) pushing
to ``hotqueue:jobs`` then meets the HotQueue consumer on one node. The findings have
destination kind ``queue`` (a HotQueue is a queue by construction, and its consumer blocks),
so the edges carry the key in detail ``queues``.

Deliberately ignores: ``put``/``get``/``consume`` on anything not built by ``HotQueue``
(dicts, ``queue.Queue``, HTTP sessions), ``clear()`` and ``key`` reads, and queues whose name
is computed at run time (reported as unresolved by the assembler when used).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of, splatted
from scanner.findings import Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

QUEUES = frozenset({"hotqueue.HotQueue"})
METHODS: dict[str, Role] = {"put": "publish", "get": "consume", "consume": "consume"}
KEY_PREFIX = "hotqueue:"


class HotQueueQueues(Detector):
    name = "hotqueue"
    modules = frozenset({"hotqueue"})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that use a queue built in another module (``from app.queues import q``)."""
        return bool(
            "hotqueue" in index.imported_roots
            or index.calls.keys() & METHODS.keys()
            or "worker" in index.decorators
        )

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is not None and found[1] in METHODS:
            self._use(node, found[0], METHODS[found[1]])

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            expr = decorator.decorator
            expr = expr.func if isinstance(expr, cst.Call) else expr
            if isinstance(expr, cst.Attribute) and expr.attr.value == "worker":
                self._use(decorator, expr.value, "consume")

    def _use(self, node: cst.CSTNode, receiver: cst.BaseExpression, role: Role) -> None:
        made = self.ev.origin(self.ctx, receiver)
        if made is None or not made[0].qualified_names(made[1].func) & QUEUES:
            return
        ctx, queue = made
        name = arg(queue, 0, "name")
        if name is None:
            return
        key = Value.of(KEY_PREFIX) + value_of(self.ev, ctx, name)
        found = Messaging(
            self.ctx.path,
            self.line(node),
            "redis",
            role,
            key,
            "queue",
            broker=self._broker(ctx, queue),
            library="hotqueue",
        )
        self.findings.append(found)

    def _broker(self, ctx: ModuleContext, queue: cst.Call) -> Value | None:
        host, port = arg(queue, None, "host"), arg(queue, None, "port")
        if host is None and splatted(queue):  # ``HotQueue("jobs", **REDIS)``: not localhost
            return None
        address = Value.of("redis://")
        address += value_of(self.ev, ctx, host) if host is not None else Value.of("localhost")
        return (
            address
            + Value.of(":")
            + (value_of(self.ev, ctx, port) if port is not None else Value.of("6379"))
        )
