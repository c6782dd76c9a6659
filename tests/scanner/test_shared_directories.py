"""Services built from one directory share what their entry modules reach; standalone apps
side by side are services of their own; sample env files fill only what nothing else sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.entry_reach import enclosing
from scanner.env_examples import is_placeholder
from scanner.standalone_apps import bound_ports
from tests.scanner.repo_files import write_repo

REPOS = Path(__file__).parent / "repos"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _places(graph: ServiceGraph, source: str, target: str, kind: EdgeKind) -> set[tuple[str, int]]:
    edge = graph.edge(source, target, kind)
    assert edge is not None, (source, target, kind)
    return {(e.path or "", e.line or 0) for e in edge.evidence}


def test_consumer_shares_import_time_connections_and_called_functions_when_built_beside_web() -> (
    None
):
    graph = scan_repository(REPOS / "shared_directory")
    assert _edges(graph) == {
        ("service:web", "datastore:db", "db"),
        ("service:web", "datastore:cache", "cache"),
        ("service:web", "external:api.stripe.com", "http"),
        ("service:web", "queue:orders", "publish"),
        ("service:consumer", "datastore:db", "db"),  # main.engine, opened on import
        ("service:consumer", "queue:orders", "publish"),  # imports and calls events.publish
        ("service:consumer", "queue:payments", "consume"),
    }
    shared = _places(graph, "service:consumer", "datastore:db", EdgeKind.DB)
    assert shared == {("main.py", 8)}


def test_files_only_the_web_app_reaches_stay_its_own_when_the_consumer_sorts_first() -> None:
    graph = scan_repository(REPOS / "shared_directory")
    assert _places(graph, "service:web", "datastore:cache", EdgeKind.CACHE) == {("cache.py", 5)}
    assert graph.edge("service:consumer", "datastore:cache", EdgeKind.CACHE) is None
    web = graph.node("service:web")
    assert web is not None and web.routes == {"POST /orders/{oid}/pay"}


def test_django_consumer_reaches_the_database_when_it_sets_the_settings_module(
    tmp_path: Path,
) -> None:
    root = write_repo(
        tmp_path,
        {
            "docker-compose.yml": "services:\n"
            "  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
            "  jobs:\n    build: .\n    command: python jobs.py\n"
            "  db:\n    image: postgres:16\n",
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'site_conf.settings')\n",
            "site_conf/__init__.py": "",
            "site_conf/settings.py": "DATABASES = {'default': {'ENGINE': "
            "'django.db.backends.postgresql', 'NAME': 'shop', 'HOST': 'db'}}\n",
            "jobs.py": "import os\nimport django\n"
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'site_conf.settings'\ndjango.setup()\n",
            "loose.py": "import django\n",  # runs nothing: shares nothing
        },
    )
    graph = scan_repository(root)
    assert _edges(graph) == {
        ("service:web", "datastore:db", "db"),
        ("service:jobs", "datastore:db", "db"),
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (1, (True, None)),  # import
        (3, (True, None)),  # module statement
        (6, (True, "Model")),  # class body
        (9, (False, "Model")),  # method body
        (13, (False, "publish")),  # function body, continued call
        (14, (False, "publish")),
        (16, (True, None)),  # back at module level after a blank line and a comment
    ],
)
def test_enclosing_reads_import_time_and_top_definition_when_given_a_line(
    line: int, expected: tuple[bool, str | None]
) -> None:
    text = (
        "import x\n"  # 1
        "\n"
        "engine = x.connect()\n"  # 3
        "\n"
        "class Model:\n"
        "    table = x.Table('t')\n"  # 6
        "\n"
        "    def save(self):\n"
        "        x.connect()\n"  # 9
        "\n"
        "\n"
        "async def publish(body):\n"
        "    x.send(\n"  # 13
        "        body)\n"  # 14
        "# done\n"
        "channel = x.channel()\n"  # 16
    )
    assert enclosing(text, line) == expected


def test_standalone_apps_are_services_named_by_file_when_no_manifest_declares_them() -> None:
    graph = scan_repository(REPOS / "standalone_apps")
    services = {n.name for n in graph.nodes() if n.kind.value == "service"}
    assert services == {"movies", "showtimes", "bookings", "user", "admin"}
    assert _edges(graph) == {
        ("service:user", "service:bookings", "http"),
        ("service:user", "service:movies", "http"),
        ("service:bookings", "service:showtimes", "http"),
        ("service:admin", "service:movies", "http"),
    }
    edge = graph.edge("service:user", "service:movies", EdgeKind.HTTP)
    assert edge is not None and edge.detail["routes"] == {"GET /movies/{movieid}"}
    leftover = [d for d in graph.diagnostics if d.code == "outside-services"]
    assert [(d.path, d.line) for d in leftover] == [("services/tools.py", 7)]


def test_one_self_running_app_stays_its_directory_service_when_alone_in_its_folder(
    tmp_path: Path,
) -> None:
    app = "from flask import Flask\napp = Flask(__name__)\napp.run(port=5001)\n"
    root = write_repo(tmp_path, {"movies/app.py": app, "users/app.py": app})
    services = {n.name for n in scan_repository(root).nodes() if n.kind.value == "service"}
    assert services == {"movies", "users"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("app.run(port=5001, debug=True)", {5001}),
        ("app.run(\n    host='0.0.0.0',\n    port=5003,\n)", {5003}),
        ("uvicorn.run(app, host='0.0.0.0', port=8002)", {8002}),
        ("web.run_app(app, port=8080)", {8080}),
        ("app.run(port=int(os.environ.get('PORT', 5000)))", {5000}),
        ("app.run(port=PORT)", set()),  # a service, port unknown
        ("asyncio.run(main())", None),
        ("subprocess.run(['ls'])", None),
    ],
)
def test_bound_ports_are_read_when_run_calls_write_them(
    text: str, expected: set[int] | None
) -> None:
    assert bound_ports(text) == expected


def test_sample_env_fills_only_unset_variables_when_nothing_else_sets_them() -> None:
    graph = scan_repository(REPOS / "env_examples")
    assert _edges(graph) == {
        ("service:orders", "datastore:db", "db"),  # orders/.env.example
        ("service:orders", "datastore:redis", "cache"),  # compose beats the root example
        ("service:orders", "service:payments", "http"),  # root example; code default
        ("service:payments", "service:orders", "http"),  # payments/env.example
    }
    db = _places(graph, "service:orders", "datastore:db", EdgeKind.DB)
    assert ("orders/.env.example", 1) in db
    http = _places(graph, "service:orders", "service:payments", EdgeKind.HTTP)
    assert ("orders/app.py", 17) in http and (".env.example", 3) not in http
    placeholders = {"MAIL_HOST", "SENTRY_HOST", "LEDGER_URL", "SHARED_DSN"}
    unresolved = {n for d in graph.diagnostics for n in placeholders if n in d.message}
    assert unresolved == placeholders


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", True),
        ("changeme", True),
        ("<smtp host>", True),
        ("your-sentry-host", True),
        ("https://your_domain.com", True),
        ("sk_test_xxx", True),
        ("https://ledger.example.com", True),
        ("postgresql://app:changeme@db:5432/app", False),
        ("http://payments:8000", False),
        ("redis://cache:6379/0", False),
    ],
)
def test_placeholder_is_told_from_a_value_when_samples_use_the_usual_spellings(
    value: str, expected: bool
) -> None:
    assert is_placeholder(value) is expected


def test_monitor_shares_nothing_when_it_imports_the_celery_app_module(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "docker-compose.yml": "services:\n"
            "  web:\n    build: .\n    command: uvicorn main:app\n"
            "  worker:\n    build: .\n    command: celery -A worker.celery worker\n"
            "  dashboard:\n    build: .\n    command: flower --app=worker.celery\n"
            "  redis:\n    image: redis:7\n",
            "worker.py": "import redis\nfrom celery import Celery\n"
            "celery = Celery(__name__)\nstats = redis.Redis(host='redis')\n\n\n"
            "@celery.task(name='create_task')\ndef create_task(n):\n    stats.incr('n')\n",
            "main.py": "from fastapi import FastAPI\nfrom worker import create_task\n"
            "app = FastAPI()\n\n\n@app.post('/tasks')\ndef run():\n    create_task.delay(1)\n",
        },
    )
    graph = scan_repository(root)
    assert _edges(graph) == {
        ("service:web", "queue:celery", "publish"),
        ("service:worker", "queue:celery", "consume"),
        ("service:worker", "datastore:redis", "cache"),
        ("service:web", "datastore:redis", "cache"),  # the client main.py imports opens
    }


def test_sample_env_host_no_manifest_declares_is_ignored_when_services_are_declared(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": "services:\n  users:\n    build: ./users\n  postgres:\n"
        "    image: postgres:16\n",
        "users/.env.example": "DATABASE_URL=postgresql://u:p@users-engine-postgres:5432/users\n"
        "CACHE_URL=redis://postgres:6379/0\n",
        "users/app.py": "import os\n\nimport psycopg\n\n"
        'psycopg.connect(os.environ["DATABASE_URL"])\n'
        'psycopg.connect(os.environ["CACHE_URL"])\n',
    }
    graph = scan_repository(write_repo(tmp_path, files))
    targets = {e.target for e in graph.edges()}
    assert "datastore:users-engine-postgres" not in targets  # a stale sample, not a node
    assert "datastore:postgres" in targets  # a declared host from the same sample is used
    assert any("DATABASE_URL" in d.message for d in graph.diagnostics)
