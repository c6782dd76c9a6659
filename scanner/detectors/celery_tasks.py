"""Celery apps, tasks and task calls.

Recognises: ``Celery(main, broker=url)`` (an app and its broker), task definitions
``@app.task``, ``@app.task(name=..., queue=...)``, ``@shared_task(...)`` (the file's service
is a worker consuming the task's queue, default ``celery``; the default task name is
``module.function``), ``app.send_task("name", queue=...)`` and ``task.delay(...)`` /
``task.apply_async(..., queue=...)`` on a task defined in a module the evaluator can reach
(publishes to the task's queue). Queue routing set in configuration, ``task_routes`` and
``task_default_queue`` given to ``Celery(...)``, ``app.conf.update(...)``, assigned to
``app.conf.<setting>`` or as module-level settings (``CELERY_TASK_ROUTES`` and
``CELERY_TASK_DEFAULT_QUEUE`` in Django, ``task_routes`` in a celeryconfig module), is reported
as :class:`~scanner.findings.CeleryRouting`: dict entries with exact, glob and
``re.compile`` keys, and router functions (``task_routes = (route_task,)``, objects with
``route_for_task``, dotted paths to either) read as rules on the task name
(:mod:`scanner.detectors.celery_routers`; what cannot be read is reported with its file:line).
Tasks and calls that name no queue are marked so the service's routing picks their queue
(:mod:`scanner.celery_routing`); a ``queue=`` (or a routed task's name) the code alone does
not give is resolved against the service's environment, or reported as unresolved, never
drawn as the default queue. Deliberately ignores: routes that give only an
``exchange``/``routing_key``, canvas primitives (``signature``, ``chain``, ``group``), and
``.delay`` on objects not known to be Celery tasks.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr, FuncRef
from scanner.celery_routing import BOUNDARY, REGEX, UNDECIDED, env_text, unevaluated
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.celery_queues import queue_definitions, route_target
from scanner.detectors.celery_routers import RE_COMPILE, router_function, router_rules
from scanner.findings import (
    AppDefinition,
    BrokerConnection,
    CeleryRouting,
    CeleryTask,
    Messaging,
)
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

APPS = frozenset({"celery.Celery", "celery.app.base.Celery"})
SHARED = frozenset({"celery.shared_task", "celery.app.shared_task"})
ROUTES = frozenset({"task_routes", "CELERY_TASK_ROUTES", "CELERY_ROUTES"})
DEFAULT_QUEUE = frozenset(
    {"task_default_queue", "CELERY_TASK_DEFAULT_QUEUE", "CELERY_DEFAULT_QUEUE"}
)
QUEUES = frozenset({"task_queues", "CELERY_TASK_QUEUES", "CELERY_QUEUES"})


class CeleryTasks(Detector):
    name = "celery"
    modules = frozenset({"celery"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset(
            {
                "celery",
                ".task",
                "send_task",
                ".delay(",
                ".apply_async(",
                "task_routes",
                "ROUTES",
                "QUEUES",
                "task_queues",
            }
        )

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that only import the app from elsewhere (``from proj.worker import
        app``) and decorate tasks with it, or call tasks imported from such files."""
        calls = index.calls.keys() & {"delay", "apply_async", "send_task"}
        settings = (index.assigns.keys() | index.attr_assigns.keys()) & (
            ROUTES | DEFAULT_QUEUE | QUEUES
        )
        found = "celery" in index.imported_roots or "task" in index.decorators
        return found or bool(calls) or bool(settings)

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & APPS:
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), "celery"))
            broker = arg(node, None, "broker")
            if broker is not None:
                self.findings.append(
                    BrokerConnection(self.ctx.path, self.line(node), "celery", self.value(broker))
                )
            self._routing(node, _keywords(node))
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method == "update" and is_conf(receiver):
            self._routing(node, _keywords(node))
        elif method == "send_task":
            made, _ = self.made_by(receiver)
            task = arg(node, 0, "name")
            if made & APPS and task is not None:
                named = env_text(self.value(task))
                self._publish(node, named, arg(node, None, "queue"))
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
        given = Value.of(queue) if queue else unresolved_queue(self, bound.ctx, decorator)
        self._publish(node, name, queue_node, given)

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
        routed = task if queue_node is None and default is None else None
        if task is None and queue_node is None and default is None:  # routed, but by what?
            queue = Value.unknown("the routing of a task the scanner cannot name")
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
            routed_task=routed,
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
            pending = None if queue else unresolved_queue(self, self.ctx, decorator)
            line, routed = self.line(decorator), not queue and pending is None
            found = CeleryTask(self.ctx.path, line, name, queue or "celery", routed, pending)
            self.findings.append(found)

    def visit_Assign(self, node: cst.Assign) -> None:
        """``app.conf.task_routes = {...}`` and module-level settings."""
        for target in node.targets:
            name = _setting_name(target.target)
            if name is not None:
                self._routing(node, {name: node.value})

    def _routing(self, node: cst.CSTNode, settings: dict[str, cst.BaseExpression]) -> None:
        routes: list[tuple[str, str]] = []
        default = None
        for name, value in settings.items():
            if name in ROUTES:
                routes += self._routes(value)
            elif name in QUEUES:
                routes += queue_definitions(self.ev, self.ctx, value)
            elif name in DEFAULT_QUEUE:
                default = env_text(self.value(value))
        if routes or default:
            found = CeleryRouting(self.ctx.path, self.line(node), tuple(routes), default)
            self.findings.append(found)

    def _routes(self, node: cst.BaseExpression) -> list[tuple[str, str]]:
        """``task_routes`` as rules, one group per entry Celery tries in turn: a dict, a
        router function (or ``route_for_task`` object, or its dotted path), or a list/tuple
        of those (:mod:`scanner.celery_routing` says how rules are spelled)."""
        ctx, value = self._bound(self.ctx, node)
        entries = list(value.elements) if isinstance(value, cst.List | cst.Tuple) else None
        groups = (
            [self._entry(ctx, self._bound(ctx, e.value)[1]) for e in entries]
            if entries is not None
            else [self._entry(ctx, value)]
        )
        found: list[tuple[str, str]] = []
        for group in (g for g in groups if g):
            found += ([BOUNDARY] if found else []) + group
        return found

    def _bound(
        self, ctx: ModuleContext, node: cst.BaseExpression
    ) -> tuple[ModuleContext, cst.BaseExpression]:
        """A name replaced by the literal it is bound to (in whichever module)."""
        if isinstance(node, cst.Name | cst.Attribute):
            bound = self.ev.resolve(ctx, node)
            literal = cst.Dict | cst.List | cst.Tuple
            if isinstance(bound, Expr) and isinstance(bound.node, literal):
                return bound.ctx, bound.node
        return ctx, node

    def _entry(self, ctx: ModuleContext, node: cst.BaseExpression) -> list[tuple[str, str]]:
        if isinstance(node, cst.Dict):
            pairs = [(e.key, e.value) for e in node.elements if isinstance(e, cst.DictElement)]
            return self._map(ctx, pairs)
        if isinstance(node, cst.List | cst.Tuple):  # a map given as (key, route) pairs
            items = [e.value for e in node.elements]
            pairs = [
                (i.elements[0].value, i.elements[1].value)
                for i in items
                if isinstance(i, cst.Tuple | cst.List) and len(i.elements) == 2
            ]
            if len(pairs) == len(items):
                return self._map(ctx, pairs)
        router = router_function(self.ev, ctx, node)
        if router is not None:
            return router_rules(self.ev, *router)
        reason = f"task_routes entry `{ctx.code(node)}`"
        return [unevaluated(ctx.path, ctx.line(node), reason), (REGEX, UNDECIDED)]

    def _map(
        self, ctx: ModuleContext, pairs: list[tuple[cst.BaseExpression, cst.BaseExpression]]
    ) -> list[tuple[str, str]]:
        """(pattern, queue) of a ``task_routes`` map: exact, glob and ``re.compile`` keys."""
        found = []
        for key, value in pairs:
            pattern, queue = env_text(value_of(self.ev, ctx, key)), self._target(ctx, value)
            if isinstance(key, cst.Call) and ctx.qualified_names(key.func) & RE_COMPILE:
                given = arg(key, 0, "pattern")
                regex = value_of(self.ev, ctx, given).text if given is not None else None
                pattern = REGEX + regex if regex is not None else None
            if pattern and queue:
                found.append((pattern, queue))
        return found

    def _target(self, ctx: ModuleContext, node: cst.BaseExpression) -> str | None:
        """A route's queue (:func:`route_target`), or one read from the environment
        (``{"queue": MAIN_QUEUE}``)."""
        found = route_target(self.ev, ctx, node)
        if found is not None:
            return found
        if isinstance(node, cst.Dict):
            fields = [e for e in node.elements if isinstance(e, cst.DictElement)]
            given = (e.value for e in fields if value_of(self.ev, ctx, e.key).text == "queue")
            queue = next(given, None)
        else:
            queue = node
        return env_text(value_of(self.ev, ctx, queue)) if queue is not None else None


def _keywords(call: cst.Call) -> dict[str, cst.BaseExpression]:
    return {a.keyword.value: a.value for a in call.args if a.keyword is not None}


def is_conf(node: cst.BaseExpression) -> bool:
    """``app.conf`` / ``celery.conf``."""
    return isinstance(node, cst.Attribute) and node.attr.value == "conf"


def _setting_name(target: cst.BaseExpression) -> str | None:
    """The routing setting an assignment target names: ``app.conf.task_routes`` or a
    module-level ``CELERY_TASK_ROUTES``/``task_routes``/``task_default_queue``."""
    if isinstance(target, cst.Attribute) and is_conf(target.value):
        name = target.attr.value
    elif isinstance(target, cst.Name):
        name = target.value
    else:
        return None
    return name if name in ROUTES | DEFAULT_QUEUE | QUEUES else None


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


def unresolved_queue(
    det: Detector, ctx: ModuleContext, decorator: cst.BaseExpression
) -> Value | None:
    """The ``queue=`` of a task decorator whose name is not known from the code alone
    (``queue=MAIN_QUEUE`` read from the environment): resolved per service, never taken
    for the default queue."""
    queue_node = arg(decorator, None, "queue") if isinstance(decorator, cst.Call) else None
    value = value_of(det.ev, ctx, queue_node) if queue_node is not None else None
    return value if value is not None and value.text is None else None


def task_identity(
    det: Detector, ctx: ModuleContext, node: cst.FunctionDef, decorator: cst.BaseExpression
) -> tuple[str, str | None]:
    """(task name, queue given to the decorator) as Celery would register them."""
    name = queue = None
    if isinstance(decorator, cst.Call):
        name_node, queue_node = arg(decorator, None, "name"), arg(decorator, None, "queue")
        name = value_of(det.ev, ctx, name_node).text if name_node is not None else None
        queue = value_of(det.ev, ctx, queue_node).text if queue_node is not None else None
    default = f"{det.ev.loader.dotted_name(ctx.path)}.{node.name.value}".lstrip(".")
    return name or default, queue
