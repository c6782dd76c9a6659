"""arq (asyncio Redis task queue): jobs enqueued, the worker consuming them and its Redis.

Recognises: ``await arq.create_pool(RedisSettings(host=..., port=...))`` (the Redis the
file's service connects to; ``RedisSettings.from_dsn(url)`` too, no settings meaning
``localhost``), ``pool.enqueue_job("task", ..., _queue_name=...)`` on such a pool, or on a
pool built where the evaluator cannot follow in a file importing arq (publish to the queue,
``arq:queue`` unless ``default_queue_name=``/``_queue_name=`` names another; the job's name
in ``tasks``); a worker settings class (``functions = [...]`` beside ``redis_settings =``,
or in a file importing arq), as run by ``arq module.WorkerSettings``: a worker entry point
consuming its ``queue_name`` (default ``arq:queue``), the tasks its functions' names.
Deliberately ignores: job results and status (``Job``, ``pool.all_job_results()``),
``cron_jobs`` (scheduled in the worker itself), and ``enqueue_job`` in files that neither
import arq nor call it on a pool built by ``create_pool``.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import AppDefinition, BrokerConnection, Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

CREATE_POOL = frozenset({"arq.create_pool", "arq.connections.create_pool"})
SETTINGS = frozenset({"arq.RedisSettings", "arq.connections.RedisSettings"})
DEFAULT_QUEUE = "arq:queue"  # arq.constants.default_queue_name


class ArqQueues(Detector):
    name = "arq"
    modules = frozenset({"arq"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | {"enqueue_job", "redis_settings"}

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also worker settings classes and enqueues on a pool made in another module."""
        workers = any(_is_worker(info.body, False) for info in index.classes.values())
        return "arq" in index.imported_roots or "enqueue_job" in index.calls or workers

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & CREATE_POOL:
            settings = arg(node, 0, "settings_")
            redis = self._redis(self.ctx, settings)
            self.findings.append(BrokerConnection(self.ctx.path, self.line(node), "arq", redis))
            return
        found = method_of(node)
        if found is None or found[1] != "enqueue_job":
            return
        made = self.ev.origin(self.ctx, found[0])
        pool = made is not None and bool(made[0].qualified_names(made[1].func) & CREATE_POOL)
        if not pool and "arq" not in self.ctx.index.imported_roots:
            return  # an ``enqueue_job`` of something else: not guessed to be arq
        queue = Value.of(DEFAULT_QUEUE)
        broker: Value | None = None
        if made is not None and pool:
            ctx, call = made
            named = arg(call, None, "default_queue_name")
            queue = value_of(self.ev, ctx, named) if named is not None else queue
            broker = self._redis(ctx, arg(call, 0, "settings_"))
        named = arg(node, None, "_queue_name")
        queue = self.value(named) if named is not None else queue
        function = arg(node, 0, "function")
        task = self.value(function).text if function is not None else None
        self._emit(node, "publish", queue, broker, (task,) if task else ())

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        info = self.ctx.index.classes.get(node.name.value)
        if info is None or info.node is not node:
            return
        if not _is_worker(info.body, "arq" in self.ctx.index.imported_roots):
            return
        tasks = tuple(n for n in _task_names(self, info.body.get("functions")) if n)
        if not tasks:  # arq registers callables: a list of strings is something else
            return
        self.findings.append(AppDefinition(self.ctx.path, self.line(node), "arq"))
        named = info.body.get("queue_name")
        queue = self.value(named) if named is not None else Value.of(DEFAULT_QUEUE)
        settings = info.body.get("redis_settings")
        broker = self._redis(self.ctx, settings) if settings is not None else None
        self._emit(node, "consume", queue, broker, tasks)

    def _redis(self, ctx: ModuleContext, node: cst.BaseExpression | None) -> Value:
        """The Redis address of a ``RedisSettings`` (arq's defaults: localhost:6379)."""
        if node is None:
            return Value.of("redis://localhost:6379")
        made = self.ev.origin(ctx, node)
        if made is None:
            return Value.unknown("RedisSettings")
        where, call = made
        names = where.qualified_names(call.func)
        if {f"{n}.from_dsn" for n in SETTINGS} & names:
            dsn = arg(call, 0, "dsn")
            return value_of(self.ev, where, dsn) if dsn is not None else Value.unknown("dsn")
        if not names & SETTINGS:
            return Value.unknown("RedisSettings")
        host, port = arg(call, 0, "host"), arg(call, 1, "port")
        address = Value.of("redis://")
        address += value_of(self.ev, where, host) if host is not None else Value.of("localhost")
        if port is not None:
            address += Value.of(":") + value_of(self.ev, where, port)
        return address

    def _emit(
        self,
        node: cst.CSTNode,
        role: Role,
        queue: Value,
        broker: Value | None,
        tasks: tuple[str, ...],
    ) -> None:
        found = Messaging(
            self.ctx.path, self.line(node), "arq", role, queue, "arq", broker=broker,
            tasks=tasks, library="arq",
        )  # fmt: skip
        self.findings.append(found)


def _is_worker(body: dict[str, cst.BaseExpression | None], imports_arq: bool) -> bool:
    """arq's worker settings: a ``functions`` list beside ``redis_settings`` (or in a file
    importing arq)."""
    listed = isinstance(body.get("functions"), cst.List | cst.Tuple)
    return listed and ("redis_settings" in body or imports_arq)


def _task_names(det: Detector, node: cst.BaseExpression | None) -> list[str | None]:
    """The names jobs are enqueued by: a coroutine's name, or ``func(f, name="x")``'s."""
    if not isinstance(node, cst.List | cst.Tuple):
        return []
    names: list[str | None] = []
    for element in (e.value for e in node.elements):
        if isinstance(element, cst.Call):
            named = arg(element, None, "name")
            if named is not None:
                names.append(det.value(named).text)
                continue
            element = arg(element, 0, "coroutine") or element
        names.append(_last_name(element))
    return names


def _last_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None
