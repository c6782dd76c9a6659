"""What Celery beat publishes: the periodic tasks of the schedule
(:class:`~scanner.findings.ScheduledTask`), from the services running beat only.

A schedule is configuration every service of a directory may load (Django settings, the
Celery app module), but only the scheduler sends its tasks: ``celery ... beat``, or a worker
started with ``-B``. A task goes to the queue its schedule entry names, else to the one its
definition names (``@app.task(queue=...)``, found by task name anywhere in the repository),
else to the one the service's routing gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from catalog_api.model import Diagnostic, Severity
from scanner.celery_routing import celery_routed
from scanner.commands import runs_celery_beat
from scanner.findings import CeleryRouting, CeleryTask, Finding, Messaging, ScheduledTask
from scanner.services import Service, command_of
from scanner.values import Value


def beat_publish(
    scheduled: ScheduledTask,
    service: Service,
    services: Iterable[Service],
    findings: Iterable[Finding],
    routings: Sequence[CeleryRouting],
    env: Mapping[str, str],
) -> Messaging | Diagnostic | None:
    """The publish ``service`` makes of a scheduled task; None when it does not run beat
    (a diagnostic when no service does, so the schedule is not silently dropped)."""
    if not runs_celery_beat(command_of(service)):
        if any(runs_celery_beat(command_of(s)) for s in services):
            return None
        message = (
            f"Celery periodic task {scheduled.task}: no service runs celery beat "
            "(`celery beat` or `worker -B`), so no publish is drawn"
        )
        return Diagnostic(
            scheduled.path, scheduled.line, Severity.INFO, "celery-beat-not-run", message
        )
    queue = scheduled.queue or _defined_queue(scheduled.task, findings)
    found = Messaging(
        scheduled.path,
        scheduled.line,
        "celery",
        "publish",
        queue or Value.of("celery"),
        "celery",
        tasks=(scheduled.task,),
        library="celery",
        routed_task=None if queue else scheduled.task,
    )
    routed = celery_routed(found, routings, env)
    return routed if isinstance(routed, Messaging) else None


def _defined_queue(task: str, findings: Iterable[Finding]) -> Value | None:
    """The ``queue=`` the task's definition gives, if any."""
    for finding in findings:
        if isinstance(finding, CeleryTask) and finding.task == task:
            if finding.queue_value is not None:
                return finding.queue_value
            if not finding.routed:
                return Value.of(finding.queue)
    return None
