"""Celery beat: the service running the scheduler publishes the periodic tasks of the
schedule, to the queue each would be sent to; no other service does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.commands import runs_celery_beat
from tests.scanner.repo_files import write_repo


def _scan(root: Path, files: dict[str, str]) -> ServiceGraph:
    write_repo(root, files)
    return scan_repository(root)


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _compose(**commands: str) -> str:
    services = "".join(
        f"  {name}:\n    build: ./app\n    command: {command}\n"
        for name, command in commands.items()
    )
    return f"services:\n{services}  rabbitmq:\n    image: rabbitmq:3\n"


@pytest.mark.parametrize(
    ("command", "beat"),
    [
        ("celery -A proj beat -l info", True),
        ("celery beat -A proj", True),  # Celery 4 order
        ("python -m celery -A proj beat", True),
        ("celery -A proj worker -B -Q reports", True),
        ("celery -A proj worker --beat", True),
        ("celery -A proj worker -BE -l info", True),  # joined short flags
        ('sh -c "celery -A proj worker -l info && celery -A proj beat"', True),
        ("celery -A proj worker -l info", False),
        ("celery -A proj worker -l info && echo -B", False),  # another command's flag
        ("celery -A proj flower", False),
        ("python manage.py runserver", False),
    ],
)
def test_runs_celery_beat_reads_the_beat_subcommand_and_the_worker_beat_flag(
    command: str, beat: bool
) -> None:
    assert runs_celery_beat(command) is beat


DJANGO = {
    "app/Dockerfile": "FROM python:3.12\nCOPY . .\n",
    "app/manage.py": (
        "import os\nimport sys\n\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
        "from django.core.management import execute_from_command_line\n\n"
        "execute_from_command_line(sys.argv)\n"
    ),
    "app/proj/__init__.py": "from .celery import app as celery_app\n",
    "app/proj/celery.py": (
        "from celery import Celery\n\napp = Celery('proj')\n"
        "app.config_from_object('django.conf:settings', namespace='CELERY')\n"
        "app.autodiscover_tasks()\n"
    ),
    "app/proj/settings.py": (
        "from celery.schedules import crontab\n\n"
        "INSTALLED_APPS = ['shop']\n"
        "CELERY_BROKER_URL = 'amqp://rabbitmq:5672'\n"
        "CELERY_TASK_ROUTES = {'shop.tasks.send_report': {'queue': 'reports'}}\n"
        "CELERY_BEAT_SCHEDULE = {\n"
        "    'expire': {'task': 'shop.tasks.expire_carts', 'schedule': crontab(minute='*/5')},\n"
        "    'report': {'task': 'shop.tasks.send_report', 'schedule': crontab(hour=7)},\n"
        "}\n"
    ),
    "app/shop/__init__.py": "",
    "app/shop/tasks.py": (
        "from celery import shared_task\n\n\n@shared_task\ndef expire_carts():\n    return 0\n\n\n"
        "@shared_task\ndef send_report():\n    return 1\n"
    ),
    "app/shop/views.py": (
        "from django.http import HttpResponse\n\nfrom shop.tasks import expire_carts\n\n\n"
        "def expire(request):\n    expire_carts.delay()\n    return HttpResponse('ok')\n"
    ),
}


def test_beat_publishes_a_django_settings_schedule_on_the_routed_queues(tmp_path: Path) -> None:
    compose = _compose(
        web="python manage.py runserver 0.0.0.0:8000",
        worker="celery -A proj worker -l info",
        beat="celery -A proj beat -l info",
    )
    graph = _scan(tmp_path, {**DJANGO, "docker-compose.yml": compose})
    assert _edges(graph) == {
        ("service:web", "queue:celery", "publish"),  # the view's .delay(), not the schedule
        ("service:worker", "queue:celery", "consume"),
        ("service:beat", "queue:celery", "publish"),
        ("service:beat", "queue:reports", "publish"),  # CELERY_TASK_ROUTES, read by beat too
    }
    web = graph.edge("service:web", "queue:celery", EdgeKind.PUBLISH)
    assert web is not None and set(web.detail["tasks"]) == {"shop.tasks.expire_carts"}
    beat = graph.edge("service:beat", "queue:reports", EdgeKind.PUBLISH)
    assert beat is not None and set(beat.detail["tasks"]) == {"shop.tasks.send_report"}
    assert {(e.path, e.line) for e in beat.evidence} == {("app/proj/settings.py", 8)}


def test_a_schedule_with_no_service_running_beat_is_a_diagnostic_not_an_edge(
    tmp_path: Path,
) -> None:
    compose = _compose(
        web="python manage.py runserver 0.0.0.0:8000", worker="celery -A proj worker -l info"
    )
    graph = _scan(tmp_path, {**DJANGO, "docker-compose.yml": compose})
    assert not {e for e in _edges(graph) if e[0] != "service:web" and e[2] == "publish"}
    assert ("service:web", "queue:reports", "publish") not in _edges(graph)
    codes = {(d.path, d.line, d.code) for d in graph.diagnostics}
    assert ("app/proj/settings.py", 8, "celery-beat-not-run") in codes


PLAIN = {
    "app/Dockerfile": "FROM python:3.12\nCOPY . .\n",
    "app/proj/__init__.py": "",
    "app/proj/celery_app.py": (
        "import os\n\nfrom celery import Celery\n\n"
        "app = Celery('proj', broker='redis://redis:6379/0', include=['proj.tasks'])\n"
        "app.conf.task_routes = {'proj.tasks.routed': {'queue': 'routed'}}\n"
        "app.conf.beat_schedule = {\n"
        "    'explicit': {'task': 'proj.tasks.plain', 'schedule': 5.0,"
        " 'options': {'queue': 'fast'}},\n"
        "    'by-name': {'task': 'proj.tasks.defined', 'schedule': 5.0},\n"
        "    'routed': {'task': 'proj.tasks.routed', 'schedule': 5.0},\n"
        "}\n\n\n"
        "@app.on_after_configure.connect\n"
        "def setup(sender, **kwargs):\n"
        "    from proj.tasks import plain\n\n"
        "    sender.add_periodic_task(60.0, plain.s(), queue=os.environ['PLAIN_QUEUE'])\n"
    ),
    "app/proj/tasks.py": (
        "from proj.celery_app import app\n\n\n"
        "@app.task(name='proj.tasks.plain')\ndef plain():\n    return 0\n\n\n"
        "@app.task(name='proj.tasks.defined', queue='defined')\ndef defined():\n    return 1\n\n\n"
        "@app.task(name='proj.tasks.routed')\ndef routed():\n    return 2\n"
    ),
}


def test_a_worker_started_with_b_publishes_each_entry_where_celery_would_send_it(
    tmp_path: Path,
) -> None:
    compose = _compose(worker="celery -A proj.celery_app worker -B -l info")
    compose = compose.replace(
        "    command:", "    environment:\n      PLAIN_QUEUE: nightly\n    command:"
    )
    graph = _scan(tmp_path, {**PLAIN, "docker-compose.yml": compose})
    published = {(t, k) for s, t, k in _edges(graph) if s == "service:worker" and k == "publish"}
    assert published == {
        ("queue:fast", "publish"),  # the entry's options
        ("queue:defined", "publish"),  # the task definition's queue=, found by name
        ("queue:routed", "publish"),  # task_routes
        ("queue:nightly", "publish"),  # add_periodic_task(queue=...) from the environment
    }
    consumed = {t for s, t, k in _edges(graph) if s == "service:worker" and k == "consume"}
    assert consumed == {"queue:celery"}  # no -Q: the default queue only


def test_only_the_service_running_beat_publishes_the_schedule_of_a_shared_directory(
    tmp_path: Path,
) -> None:
    compose = _compose(
        api="python -m proj.celery_app",
        worker="celery -A proj.celery_app worker -Q fast,defined,routed,celery",
        scheduler="celery -A proj.celery_app beat",
    )
    graph = _scan(tmp_path, {**PLAIN, "docker-compose.yml": compose})
    publishers = {s for s, _, k in _edges(graph) if k == "publish"}
    assert publishers == {"service:scheduler"}


def test_beat_started_by_a_cookiecutter_start_script_publishes_the_settings_schedule(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "realworld" / "cookiecutter_django_scripts", root)
    with (root / "config/settings/base.py").open("a") as settings:
        settings.write(
            "\nCELERY_BEAT_SCHEDULE = {\n"
            "    'count': {'task': 'myproj.users.tasks.get_users_count', 'schedule': 60.0},\n"
            "}\n"
        )
    graph = scan_repository(root)
    publishers = {s for s, t, k in _edges(graph) if t == "queue:celery" and k == "publish"}
    assert publishers == {"service:django", "service:celerybeat"}  # ``/start-celerybeat``
    beat = graph.edge("service:celerybeat", "queue:celery", EdgeKind.PUBLISH)
    assert beat is not None and set(beat.detail["tasks"]) == {"myproj.users.tasks.get_users_count"}
    assert {e.path for e in beat.evidence} == {"config/settings/base.py"}
