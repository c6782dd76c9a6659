"""Celery periodic tasks: what the beat scheduler publishes.

Recognises schedule entries in ``beat_schedule`` dicts: assigned to ``app.conf.beat_schedule``
(or ``app.conf.beat_schedule["key"]``), given to ``app.conf.update(beat_schedule=...)`` or
``Celery(..., beat_schedule=...)``, added with ``.update({...})``, or set as module-level
settings (``CELERY_BEAT_SCHEDULE`` in Django settings, ``CELERYBEAT_SCHEDULE``, ``beat_schedule``
in a celeryconfig module); a dict named by a variable is followed to its literal. Each entry
(a dict literal or ``dict(...)``) names its task by a string, a constant or ``task.name``,
and maybe ``options={"queue": ...}``. Also ``sender.add_periodic_task(schedule, sig, ...)``
calls (any receiver: the method is Celery's), ``sig`` being ``task.s(...)``/``.si(...)``/
``.signature(...)`` (``.set(queue=...)`` read), the task function itself, or
``signature("name", options=...)``; a ``queue=`` given to the call wins. A task function
is named as Celery registers it, with its decorator's ``queue=``. Each entry is a
:class:`~scanner.findings.ScheduledTask`: only a service running beat publishes it
(:mod:`scanner.celery_beat`). Deliberately ignores entries whose task cannot be named (built
at run time, or a signature from a variable), schedules stored in a database
(``django_celery_beat`` ``PeriodicTask`` rows), canvas primitives (``chain``, ``group``) and
routes given only as ``exchange``/``routing_key`` options.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr, FuncRef
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.celery_tasks import is_conf, task_decorator, task_identity, unresolved_queue
from scanner.findings import ScheduledTask
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

SCHEDULES = frozenset({"beat_schedule", "CELERY_BEAT_SCHEDULE", "CELERYBEAT_SCHEDULE"})
SIGNATURES = frozenset({"celery.signature", "celery.canvas.signature", "celery.canvas.Signature"})
_SIGNING = frozenset({"s", "si", "signature"})


class CeleryBeat(Detector):
    name = "celery-beat"
    modules = frozenset()

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"beat_schedule", "BEAT_SCHEDULE", "add_periodic_task"})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Every file the markers let through: a schedule may sit in settings that import
        nothing from Celery."""
        return True

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            found = target.target
            if isinstance(found, cst.Subscript):  # ``app.conf.beat_schedule["k"] = {...}``
                if _is_schedule(found.value):
                    self._entry(self.ctx, node.value)
            elif _is_schedule(found):
                self._schedule(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and _is_schedule(node.target):
            self._schedule(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None:
            if self.names(node.func) & {"celery.Celery", "celery.app.base.Celery"}:
                self._keywords(node)
            return
        receiver, method = found
        if method == "add_periodic_task":
            self._periodic(node)
        elif method == "update" and is_conf(receiver):
            self._keywords(node)
        elif method == "update" and _is_schedule(receiver) and node.args:
            self._schedule(node.args[0].value)

    def _keywords(self, call: cst.Call) -> None:
        for argument in call.args:
            if argument.keyword is not None and argument.keyword.value in SCHEDULES:
                self._schedule(argument.value)

    def _schedule(self, node: cst.BaseExpression) -> None:
        ctx, value = _bound(self, self.ctx, node)
        if isinstance(value, cst.Dict):
            for element in value.elements:
                if isinstance(element, cst.DictElement):
                    self._entry(ctx, element.value)

    def _entry(self, ctx: ModuleContext, node: cst.BaseExpression) -> None:
        """One ``{"task": ..., "options": {"queue": ...}}`` entry."""
        ctx, node = _bound(self, ctx, node)
        fields = _fields(self, ctx, node)
        task = fields.get("task")
        if task is None:
            return
        named = self._task_name(ctx, task)
        if named is None:
            return
        name, queue = named
        given_options = fields.get("options")
        options = _fields(self, *_bound(self, ctx, given_options)) if given_options else {}
        given = value_of(self.ev, ctx, options["queue"]) if "queue" in options else None
        self.findings.append(ScheduledTask(ctx.path, ctx.line(node), name, given or queue))

    def _task_name(
        self, ctx: ModuleContext, node: cst.BaseExpression
    ) -> tuple[str, Value | None] | None:
        """A schedule's ``"task"``: a name (``"proj.tasks.cleanup"``) or ``task.name``."""
        if isinstance(node, cst.Attribute) and node.attr.value == "name":
            return self._task(ctx, node.value)
        text = value_of(self.ev, ctx, node).text
        return (text, None) if text else None

    def _task(
        self, ctx: ModuleContext, node: cst.BaseExpression
    ) -> tuple[str, Value | None] | None:
        """A task function's registered name and its decorator's queue."""
        bound = self.ev.resolve(ctx, node)
        if not isinstance(bound, FuncRef):
            return None
        decorator = task_decorator(bound.ctx, bound.info.node)
        if decorator is None:
            return None
        name, queue = task_identity(self, bound.ctx, bound.info.node, decorator)
        given = Value.of(queue) if queue else unresolved_queue(self, bound.ctx, decorator)
        return name, given

    def _periodic(self, call: cst.Call) -> None:
        """``add_periodic_task(schedule, sig, ..., queue=...)``."""
        sig = arg(call, 1, "sig")
        found = self._signature(sig) if sig is not None else None
        if found is None:
            return
        name, queue = found
        given = arg(call, None, "queue")
        queue = self.value(given) if given is not None else queue
        self.findings.append(ScheduledTask(self.ctx.path, self.line(call), name, queue))

    def _signature(self, node: cst.BaseExpression) -> tuple[str, Value | None] | None:
        if not isinstance(node, cst.Call):
            return self._task(self.ctx, node)
        method = method_of(node)
        if method is not None and method[1] == "set":  # ``task.s().set(queue="x")``
            inner = self._signature(method[0])
            queue = arg(node, None, "queue")
            if inner is None or queue is None:
                return inner
            return inner[0], self.value(queue)
        if method is not None and method[1] in _SIGNING:
            found = self._task(self.ctx, method[0])
            options = arg(node, None, "options")
            return _with_options(self, found, options)
        if self.names(node.func) & SIGNATURES or (method is not None and method[1] == "signature"):
            named = arg(node, 0, "varies", "name")
            text = self.value(named).text if named is not None else None
            return _with_options(self, (text, None) if text else None, arg(node, None, "options"))
        return None


def _with_options(
    det: Detector, found: tuple[str, Value | None] | None, options: cst.BaseExpression | None
) -> tuple[str, Value | None] | None:
    """``found`` with the queue an ``options={"queue": ...}`` argument gives."""
    if found is None or options is None:
        return found
    fields = _fields(det, det.ctx, _bound(det, det.ctx, options)[1])
    queue = fields.get("queue")
    return (found[0], det.value(queue)) if queue is not None else found


def _is_schedule(node: cst.BaseExpression) -> bool:
    """``app.conf.beat_schedule`` or a module-level ``CELERY_BEAT_SCHEDULE``."""
    if isinstance(node, cst.Attribute):
        return is_conf(node.value) and node.attr.value in SCHEDULES
    return isinstance(node, cst.Name) and node.value in SCHEDULES


def _bound(
    det: Detector, ctx: ModuleContext, node: cst.BaseExpression
) -> tuple[ModuleContext, cst.BaseExpression]:
    """A name replaced by the dict (or ``dict(...)``) literal it is bound to."""
    if isinstance(node, cst.Name | cst.Attribute):
        bound = det.ev.resolve(ctx, node)
        if isinstance(bound, Expr) and isinstance(bound.node, cst.Dict | cst.Call):
            return bound.ctx, bound.node
    return ctx, node


def _fields(
    det: Detector, ctx: ModuleContext, node: cst.BaseExpression
) -> dict[str, cst.BaseExpression]:
    """The string-keyed fields of a dict literal or a ``dict(key=...)`` call."""
    if isinstance(node, cst.Dict):
        found = {}
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = value_of(det.ev, ctx, element.key).text
                if key is not None:
                    found[key] = element.value
        return found
    if isinstance(node, cst.Call) and ctx.qualified_names(node.func) & {"builtins.dict", "dict"}:
        return {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    return {}
