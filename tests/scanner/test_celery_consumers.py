"""Which queues a Celery worker consumes: those its ``-Q`` names, else those ``task_queues``
declares, else the default queue; never a queue it does not listen on."""

from __future__ import annotations

from pathlib import Path

from scanner import scan_repository
from scanner.celery_consumers import consumed_queues, listened_queues
from scanner.celery_routing import definition
from scanner.findings import CeleryRouting, CeleryTask
from scanner.services import Service
from tests.scanner.repo_files import write_repo


def _worker(name: str, command: str | None, path: str | None = "app") -> Service:
    return Service(name, path, command=command)


def _task(queue: str = "celery", routed: bool = True) -> CeleryTask:
    return CeleryTask("app/tasks.py", 3, "proj.tasks.job", queue, routed)


def test_a_worker_without_q_consumes_the_default_queue_only() -> None:
    worker = _worker("worker", "celery -A proj worker -l info")
    assert consumed_queues(_task(), worker, [worker], [], {}) == ["celery"]
    assert consumed_queues(_task("reports", routed=True), worker, [worker], [], {}) == []
    assert consumed_queues(_task("reports", routed=False), worker, [worker], [], {}) == []


def test_the_default_queue_is_task_default_queue_read_in_the_environment() -> None:
    routing = CeleryRouting("app/celeryconfig.py", 1, (), "$env:DEFAULT_QUEUE:main")
    worker = _worker("worker", "celery -A proj worker")
    assert listened_queues(worker, [routing], {}) == ("main",)
    assert listened_queues(worker, [routing], {"DEFAULT_QUEUE": "jobs"}) == ("jobs",)
    assert consumed_queues(_task("jobs"), worker, [worker], [routing], {"DEFAULT_QUEUE": "jobs"})


def test_a_worker_without_q_consumes_the_queues_task_queues_declares() -> None:
    routing = CeleryRouting(
        "app/celeryconfig.py", 1, (definition("mail", "mail", "mail", "direct"),), None
    )
    worker = _worker("worker", "celery -A proj worker")
    assert listened_queues(worker, [routing], {}) == ("mail",)
    assert consumed_queues(_task("mail", routed=False), worker, [worker], [routing], {}) == ["mail"]


def test_a_service_not_known_to_run_a_worker_consumes_its_tasks_own_queue() -> None:
    service = _worker("app", None)
    assert listened_queues(service, [], {}) is None
    assert consumed_queues(_task("reports", routed=False), service, [service], [], {}) == [
        "reports"
    ]


def test_a_q_worker_skips_another_queues_task_and_a_default_task_another_worker_serves() -> None:
    fast = _worker("fast", "celery -A proj worker -Q fast")
    default = _worker("default", "celery -A proj worker")
    both = [fast, default]
    assert consumed_queues(_task("slow", routed=False), fast, both, [], {}) == []
    assert consumed_queues(_task("fast", routed=False), fast, both, [], {}) == ["fast"]
    assert consumed_queues(_task(), fast, both, [], {}) == []  # ``default`` consumes it
    assert consumed_queues(_task(), default, both, [], {}) == ["celery"]


def test_a_lone_q_worker_serves_tasks_left_on_the_default_queue_on_its_queues() -> None:
    worker = _worker("consumer", "celery -A consumer worker -Q a,b")
    elsewhere = _worker("other", "celery -A other worker", path="other")
    assert consumed_queues(_task(), worker, [worker, elsewhere], [], {}) == ["a", "b"]


def test_a_queue_the_environment_names_is_consumed_only_by_a_worker_listening_on_it(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  plain:\n    build: ./worker\n    command: celery -A tasks worker\n"
            "    environment: [JOBS_QUEUE=jobs]\n"
            "  pinned:\n    build: ./worker\n    command: celery -A tasks worker -Q jobs\n"
            "    environment: [JOBS_QUEUE=jobs]\n"
        ),
        "worker/tasks.py": (
            "import os\nfrom celery import Celery\n\napp = Celery('tasks')\n\n\n"
            "@app.task(name='jobs.run', queue=os.environ['JOBS_QUEUE'])\ndef run(): ...\n\n\n"
            "@app.task\ndef ping(): ...\n"
        ),
    }
    write_repo(tmp_path, files)
    edges = {(e.source, e.target, e.kind.value) for e in scan_repository(tmp_path).edges()}
    assert edges == {
        ("service:plain", "queue:celery", "consume"),
        ("service:pinned", "queue:jobs", "consume"),
    }
