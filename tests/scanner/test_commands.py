"""Service commands: Celery workers, monitors and the module a command runs, which tell
apart services built from one directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import scan_repository
from scanner.commands import (
    entry_files,
    runs_celery_worker,
    runs_module,
    runs_monitor,
    worker_queues,
)
from scanner.config.compose import ComposeService
from scanner.services import Service, owner_of
from tests.scanner.repo_files import write_repo


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("celery worker --app=worker.celery --loglevel=info", True),  # Celery 4 order
        ("celery -A worker worker -l info", True),  # an app named "worker"
        ("python -m celery -A app worker", True),
        ("/venv/bin/celery --app x worker -Q mail", True),
        ('sh -c "python manage.py migrate && celery -A proj worker"', True),
        ("watchfiles --filter python celery.__main__.main --args '-A proj worker -l INFO'", True),
        ("watchfiles celery.__main__.main --args '-A config.celery_app beat'", False),
        ("flower --app=worker.celery --port=5555", False),  # Flower names the worker app
        ("celery flower -A worker", False),
        ("celery -A proj beat", False),
        ("uvicorn worker:app", False),
        ('celery "unbalanced', False),
    ],
)
def test_celery_worker_is_told_from_its_tools_when_commands_mention_both_words(
    command: str, expected: bool
) -> None:
    assert runs_celery_worker(command) is expected


def test_monitors_are_recognised_when_flower_runs_in_either_spelling() -> None:
    assert runs_monitor("flower --app=worker.celery")
    assert runs_monitor("celery -A proj flower --port=5555")
    assert not runs_monitor("celery -A proj worker")


@pytest.mark.parametrize(
    ("command", "rel", "expected"),
    [
        ("uvicorn main:app --host 0.0.0.0", "project/main.py", True),
        ("python -u consumer.py", "project/consumer.py", True),
        ("python ./consumer.py", "project/consumer.py", True),
        ("python -m worker.consumer", "project/worker/consumer.py", True),
        ("gunicorn --bind 0.0.0.0 app.wsgi:application", "project/app/wsgi.py", True),
        ("gunicorn app:app", "project/app/__init__.py", True),
        ("python manage.py runserver", "project/app/views.py", False),
        ("python -u consumer.py", "project/other.py", False),
    ],
)
def test_module_is_run_when_the_command_names_its_path_module_or_target(
    command: str, rel: str, expected: bool
) -> None:
    assert runs_module(command, rel, "project") is expected


def _built(name: str, command: str) -> Service:
    spec = ComposeService(name, "docker-compose.yml", 1, build_context="project", command=command)
    return Service(name, "project", compose=spec)


def test_shared_directory_owner_follows_the_commands_when_services_share_a_build() -> None:
    services = {
        s.name: s
        for s in (
            _built("dashboard", "flower --app=worker.celery"),
            _built("web", "uvicorn main:app"),
            _built("worker", "celery worker --app=worker.celery"),
            _built("consumer", "python -u consumer.py"),
        )
    }
    assert owner_of("project/worker.py", services, worker=True) is services["worker"]
    assert owner_of("project/consumer.py", services) is services["consumer"]
    assert owner_of("project/main.py", services) is services["web"]
    # neither command runs it: the main app, not the one named for a side job (nor Flower)
    assert owner_of("project/helpers.py", services) is services["web"]
    del services["web"]
    assert owner_of("project/helpers.py", services) is services["consumer"]  # not Flower


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("python -u consumer.py", ("svc/consumer.py",)),
        ("python manage.py runserver 0.0.0.0:8000", ("svc/manage.py",)),
        ("python -m worker.main", ("svc/worker/main.py",)),
        ("uvicorn app.main:app --port 80", ("svc/app/main.py",)),
        ("gunicorn -b :8000 app:create_app()", ("svc/app/__init__.py",)),
        ("celery --app=worker worker", ("svc/worker/__init__.py",)),
        ("python ./missing.py", ()),
        ("rq worker high", ()),
        ("arq app.main.WorkerSettings", ("svc/app/main.py",)),  # a class in the module
    ],
)
def test_entry_files_name_the_files_run_when_commands_name_scripts_or_modules(
    command: str, expected: tuple[str, ...]
) -> None:
    paths = frozenset(
        {
            "svc/consumer.py",
            "svc/manage.py",
            "svc/worker/__init__.py",
            "svc/worker/main.py",
            "svc/app/__init__.py",
            "svc/app/main.py",
        }
    )
    assert entry_files(command, "svc", paths) == expected


@pytest.mark.parametrize(
    ("command", "queues"),
    [
        ("celery -A consumer worker -Q queue_name", ("queue_name",)),
        ("celery -A app worker --queues=mail,sms -l info", ("mail", "sms")),
        ("celery -A app worker -Qhigh,low", ("high", "low")),
        ("celery -A app worker -l info", ()),
        ("celery -A app beat -Q mail", ()),  # not a worker
    ],
)
def test_worker_queues_are_read_when_the_command_names_them(
    command: str, queues: tuple[str, ...]
) -> None:
    assert worker_queues(command) == queues


def test_worker_started_with_q_consumes_that_queue_when_its_tasks_name_none(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n  producer:\n    build: ./producer\n"
            "  consumer:\n    build: ./consumer\n"
            "    command: celery -A consumer worker -Q queue_name\n"
        ),
        "producer/app.py": (
            "from celery import Celery\n\napp = Celery('p', broker='amqp://rabbitmq')\n"
            "app.send_task('consumer.work', queue='queue_name')\n"
        ),
        "consumer/consumer.py": (
            "from celery import Celery\n\napp = Celery('c', broker='amqp://rabbitmq')\n\n"
            "@app.task(name='consumer.work')\ndef work():\n    return 1\n"
        ),
    }
    write_repo(tmp_path, files)
    graph = scan_repository(tmp_path)
    edges = {(e.source, e.target, e.kind.value) for e in graph.edges()}
    assert ("service:producer", "queue:queue_name", "publish") in edges
    assert ("service:consumer", "queue:queue_name", "consume") in edges
    assert ("service:consumer", "queue:celery", "consume") not in edges
