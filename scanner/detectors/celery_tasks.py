"""Celery apps, tasks and task calls.

Recognises: ``Celery(main, broker=url)`` (an app and its broker), task definitions
``@app.task``, ``@app.task(name=..., queue=...)``, ``@shared_task(...)`` (the file's service
is a worker consuming the task's queue, default ``celery``; the default task name is
``module.function``), ``app.send_task("name", queue=...)`` and ``task.delay(...)`` /
``task.apply_async(..., queue=...)`` on a task defined in a module the evaluator can reach
(publishes to the task's queue). Deliberately ignores: ``task_routes`` configuration (queue
routing set in config, not at the call), canvas primitives (``signature``, ``chain``,
``group``), and ``.delay`` on objects not known to be Celery tasks.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.evaluate import FuncRef
from scanner.findings import AppDefinition, BrokerConnection, CeleryTask, Messaging
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

APPS = frozenset({"celery.Celery", "celery.app.base.Celery"})
SHARED = frozenset({"celery.shared_task", "celery.app.shared_task"})


class CeleryTasks(Detector):
    name = "celery"
    modules = frozenset({"celery"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"celery", ".task", "send_task", ".delay(", ".apply_async("})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that only import the app from elsewhere (``from proj.worker import
        app``) and decorate tasks with it, or call tasks imported from such files."""
        calls = index.calls.keys() & {"delay", "apply_async", "send_task"}
        return "celery" in index.imported_roots or "task" in index.decorators or bool(calls)

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & APPS:
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), "celery"))
            broker = arg(node, None, "broker")
            if broker is not None:
                self.findings.append(
                    BrokerConnection(self.ctx.path, self.line(node), "celery", self.value(broker))
                )
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method == "send_task":
            made, _ = self.made_by(receiver)
            task = arg(node, 0, "name")
            if made & APPS and task is not None:
                self._publish(node, self.value(task).text, arg(node, None, "queue"))
        elif method in ("delay", "apply_async"):
            self._call_task(node, receiver, method)

    def _call_task(self, node: cst.Call, receiver: cst.BaseExpression, method: str) -> None:
        bound = self.ev.resolve(self.ctx, receiver)
        if not isinstance(bound, FuncRef):
            return
        decorator = task_decorator(bound.ctx, bound.info.node)
        if decorator is None:
            return
        name, queue = task_identity(self, bound.ctx, bound.info.node, decorator)
        queue_node = arg(node, None, "queue") if method == "apply_async" else None
        self._publish(node, name, queue_node, Value.of(queue))

    def _publish(
        self,
        node: cst.Call,
        task: str | None,
        queue_node: cst.BaseExpression | None,
        default: Value | None = None,
    ) -> None:
        queue = (
            self.value(queue_node) if queue_node is not None else (default or Value.of("celery"))
        )
        tasks = (task,) if task else ()
        found = Messaging(
            self.ctx.path,
            self.line(node),
            "celery",
            "publish",
            queue,
            "celery",
            tasks=tasks,
            library="celery",
        )
        self.findings.append(found)

    def _is_celery(self, decorator: cst.BaseExpression) -> bool:
        func = decorator.func if isinstance(decorator, cst.Call) else decorator
        if self.names(func) & SHARED:
            return True
        if not isinstance(func, cst.Attribute):
            return False
        made, _ = self.made_by(func.value)
        return bool(made & APPS) or (not made and "celery" in self.ctx.index.imported_roots)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        decorator = task_decorator(self.ctx, node)
        if decorator is not None and self._is_celery(decorator):
            name, queue = task_identity(self, self.ctx, node, decorator)
            self.findings.append(CeleryTask(self.ctx.path, self.line(decorator), name, queue))


def task_decorator(ctx: ModuleContext, node: cst.FunctionDef) -> cst.BaseExpression | None:
    """The ``@app.task`` / ``@shared_task`` decorator of a function, if it has one."""
    for decorator in node.decorators:
        expr = decorator.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        if ctx.qualified_names(func) & SHARED:
            return expr
        if isinstance(func, cst.Attribute) and func.attr.value == "task":
            return expr
    return None


def task_identity(
    det: Detector, ctx: ModuleContext, node: cst.FunctionDef, decorator: cst.BaseExpression
) -> tuple[str, str]:
    """(task name, queue) as Celery would register them."""
    name = queue = None
    if isinstance(decorator, cst.Call):
        name_node, queue_node = arg(decorator, None, "name"), arg(decorator, None, "queue")
        name = value_of(det.ev, ctx, name_node).text if name_node is not None else None
        queue = value_of(det.ev, ctx, queue_node).text if queue_node is not None else None
    default = f"{det.ev.loader.dotted_name(ctx.path)}.{node.name.value}".lstrip(".")
    return name or default, queue or "celery"
