"""RQ (Redis Queue): jobs enqueued and the queues workers listen on.

Recognises: ``Queue("name", connection=...)`` / ``Queue(connection=...)`` (the queue
``default``), followed through names and attributes, and on such a queue ``enqueue(func,
...)``, ``enqueue_call(func=...)``, ``enqueue_in(delta, func)``, ``enqueue_at(when, func)``
(publish to the RQ queue; the job's function in ``tasks``: a dotted string as written, or
``module.function`` for a function the evaluator can reach); ``Worker([...])`` /
``SimpleWorker(queues=[...])`` with queue names or ``Queue`` objects (a worker entry point,
consuming each queue). The broker is the Redis given as ``connection=Redis(host=...)`` /
``Redis.from_url(url)`` when the evaluator can see it. Deliberately ignores: the ``@job``
decorator and ``rq worker`` command lines (not Python calls), job inspection and registries
(``fetch_job``, ``FailedJobRegistry``), and queues from ``Queue.all()``.
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

QUEUES = frozenset({"rq.Queue", "rq.queue.Queue"})
WORKERS = frozenset({"rq.Worker", "rq.SimpleWorker", "rq.worker.Worker", "rq.worker.SimpleWorker"})
REDIS = frozenset({"redis.Redis", "redis.StrictRedis", "redis.client.Redis"})
FROM_URL = frozenset({"redis.from_url", "redis.Redis.from_url", "redis.StrictRedis.from_url"})
# enqueue method -> (position, keyword) of the job's function
ENQUEUES = {
    "enqueue": (0, "f"),
    "enqueue_call": (0, "func"),
    "enqueue_in": (1, "f"),
    "enqueue_at": (1, "f"),
}


class RqQueues(Detector):
    name = "rq"
    modules = frozenset({"rq"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | {".enqueue"}

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that enqueue on a queue built in another module."""
        return bool("rq" in index.imported_roots or index.calls.keys() & ENQUEUES.keys())

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & WORKERS:
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), "rq"))
            connection = arg(node, None, "connection")
            for ctx, name in self._worker_queues(arg(node, 0, "queues")):
                self._emit(node, "consume", name, self._broker(ctx, connection))
            return
        found = method_of(node)
        if found is None or found[1] not in ENQUEUES:
            return
        made = self.ev.origin(self.ctx, found[0])
        if made is None or not made[0].qualified_names(made[1].func) & QUEUES:
            return
        ctx, queue = made
        position, keyword = ENQUEUES[found[1]]
        func = arg(node, position, keyword, "func")
        tasks = (self._task(func),) if func is not None else ()
        broker = self._broker(ctx, arg(queue, None, "connection"))
        self._emit(node, "publish", self._queue_name(ctx, queue), broker, tasks)

    def _queue_name(self, ctx: ModuleContext, queue: cst.Call) -> Value:
        name = arg(queue, 0, "name")
        return value_of(self.ev, ctx, name) if name is not None else Value.of("default")

    def _worker_queues(self, node: cst.BaseExpression | None) -> list[tuple[ModuleContext, Value]]:
        """Each queue a worker listens on: a name, or a ``Queue(...)`` object."""
        if not isinstance(node, cst.List | cst.Tuple):
            return []
        found = []
        for element in (e.value for e in node.elements):
            made = self.ev.origin(self.ctx, element)
            if made is not None and made[0].qualified_names(made[1].func) & QUEUES:
                found.append((made[0], self._queue_name(*made)))
            elif made is None:
                found.append((self.ctx, self.value(element)))
        return found

    def _broker(self, ctx: ModuleContext, node: cst.BaseExpression | None) -> Value | None:
        """The Redis address behind ``connection=``, when it was built where we can see."""
        made = self.ev.origin(ctx, node) if node is not None else None
        if made is None:
            return None
        where, call = made
        names = where.qualified_names(call.func)
        if names & FROM_URL and (url := arg(call, 0, "url")) is not None:
            return value_of(self.ev, where, url)
        if names & REDIS:
            host = arg(call, 0, "host")
            return Value.of("redis://") + (
                value_of(self.ev, where, host) if host is not None else Value.of("localhost")
            )
        return None

    def _task(self, func: cst.BaseExpression) -> str:
        """The job's function: ``module.function`` when it can be found, else as written."""
        bound = (
            self.ev.resolve(self.ctx, func) if isinstance(func, cst.Name | cst.Attribute) else None
        )
        if isinstance(bound, FuncRef):
            module = self.ev.loader.dotted_name(bound.ctx.path)
            return f"{module}.{bound.info.node.name.value}".lstrip(".")
        return self.value(func).text or self.ctx.code(func)

    def _emit(
        self,
        node: cst.Call,
        role: Role,
        queue: Value,
        broker: Value | None,
        tasks: tuple[str, ...] = (),
    ) -> None:
        found = Messaging(
            self.ctx.path,
            self.line(node),
            "rq",
            role,
            queue,
            "rq",
            broker=broker,
            tasks=tasks,
            library="rq",
        )
        self.findings.append(found)
