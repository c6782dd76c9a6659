"""Which queues a Celery worker consumes a task from.

A worker started with ``-Q a,b`` listens on those queues; one started without ``-Q`` on the
queues ``task_queues`` declares, else on the default queue (``task_default_queue``,
``celery``), never on a queue a task is routed to. So a task is drawn consumed by a worker
only on a queue the worker listens on. Several workers built from one directory, one per
queue, each get every task definition (:func:`scanner.worker_code.django_workers`) and keep
those of their own queues. A task left on the default queue by a worker whose ``-Q`` omits
it is taken to be served on the worker's queues (its callers then name one with
``queue=``), unless another worker of the directory listens on the default queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from scanner.celery_routing import default_queue, defined_queues
from scanner.commands import runs_celery_worker, worker_queues
from scanner.findings import CeleryRouting, CeleryTask
from scanner.services import Service, command_of


def listened_queues(
    service: Service, routings: Sequence[CeleryRouting], env: Mapping[str, str]
) -> tuple[str, ...] | None:
    """The queues a service's Celery worker listens on; None when its command is not
    known to start one (what it consumes is then the tasks' own queues)."""
    command = command_of(service)
    if not runs_celery_worker(command):
        return None
    given = worker_queues(command)
    return given or defined_queues(routings, env) or (default_queue(routings, env),)


def consumed_queues(
    task: CeleryTask,
    service: Service,
    services: Iterable[Service],
    routings: Sequence[CeleryRouting],
    env: Mapping[str, str],
) -> list[str]:
    """The queues on which ``service`` consumes ``task`` (``task.queue`` already routed)."""
    listens = listened_queues(service, routings, env)
    if listens is None or task.queue in listens:
        return [task.queue]
    default = default_queue(routings, env)
    if not task.routed or task.queue != default:
        return []  # another worker's queue
    neighbours = [s for s in services if s is not service and s.path == service.path]
    served = (listened_queues(s, routings, env) for s in neighbours)
    if service.path is not None and any(default in (q or ()) for q in served):
        return []
    return list(listens)
