"""What a Celery worker runs beside the web app built from the same directory.

Code inside Celery task bodies runs in the worker, not in the services that enqueue it.

A web app imports its tasks module to call ``task.delay(...)``; the task's body (its ORM
queries, HTTP calls, further ``apply_async``) runs in whichever process consumes the task:
the Celery worker. So a call made inside a top-level function that is a Celery task is
placed like the task definition itself (with the worker, :func:`~scanner.services.owner_of`)
and shared with no other service, whatever imports the function by name. Read from
indentation, without parsing, like :func:`~scanner.entry_reach.enclosing`.

A worker started from a Django project's directory (``celery -A proj worker``, the app
configured from ``django.conf:settings``) loads the project's settings: it uses the
databases and caches ``DATABASES``/``CACHES`` name and its Celery result backend, though
no module it imports says so.

Workers built from one directory each get its task definitions, and the services running
beat its periodic tasks (:func:`django_workers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from scanner.commands import runs_celery_beat, runs_celery_worker
from scanner.entry_reach import enclosing
from scanner.findings import CeleryRouting, CeleryTask, DatastoreUse, Finding, ScheduledTask
from scanner.services import Service, command_of
from scanner.sharing import CALLED

_DEFINITION = re.compile(r"(?:async\s+)?def\s+(\w+)")


class TaskBodies:
    """The top-level functions of each file that are Celery tasks."""

    def __init__(self, findings: Iterable[Finding], text_of: Callable[[str], str | None]) -> None:
        self._text_of = text_of
        self._tasks: dict[str, set[str]] = {}
        for finding in findings:
            if isinstance(finding, CeleryTask):
                name = _task_function(text_of(finding.path) or "", finding.line)
                if name is not None:
                    self._tasks.setdefault(finding.path, set()).add(name)

    def holds(self, finding: Finding) -> bool:
        """Whether ``finding`` is a call made inside a task's body."""
        names = self._tasks.get(finding.path)
        if not names or not isinstance(finding, CALLED):
            return False
        at_import, top = enclosing(self._text_of(finding.path) or "", finding.line)
        return not at_import and top in names


def _task_function(text: str, line: int) -> str | None:
    """The top-level function a task finding's line (its decorator or ``def``) belongs to:
    the first ``def`` at the left margin from there, past decorator lines and their
    arguments; None for a method or nested function."""
    lines = text.splitlines()[line - 1 : line + 40]
    if not lines or lines[0][:1].isspace():
        return None
    for here in lines:
        found = _DEFINITION.match(here)
        if found:
            return found.group(1)
        if here and not here[:1].isspace() and not here.startswith(("@", ")", "#")):
            return None
    return None


def django_workers(
    finding: Finding, owner: Service, neighbours: Iterable[Service]
) -> list[Service]:
    """The Celery services built beside ``owner`` that also take ``finding``: the workers,
    for a Django settings datastore and for a task definition (workers pinned to different
    queues each keep the tasks of theirs, :mod:`scanner.celery_consumers`); the services
    running beat, for a periodic task (:mod:`scanner.celery_beat`); both, for the Celery
    routing configured there (Django settings the web app's entry reaches)."""
    if isinstance(finding, ScheduledTask):
        runs: Callable[[str], bool] = runs_celery_beat
    elif isinstance(finding, CeleryRouting):  # how beat and the workers route, too
        runs = _runs_celery
    elif isinstance(finding, CeleryTask) or (
        isinstance(finding, DatastoreUse) and finding.library in ("django", "celery")
    ):
        runs = runs_celery_worker
    else:
        return []
    return [s for s in neighbours if s is not owner and runs(command_of(s))]


def _runs_celery(command: str) -> bool:
    return runs_celery_worker(command) or runs_celery_beat(command)
