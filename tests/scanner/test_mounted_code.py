"""Compose services running a generic image with the repository's code bind-mounted: which
directory is theirs, and how services mounting one directory are told apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from scanner import scan_repository
from scanner.config.compose import ComposeService
from scanner.index import ImportTarget
from scanner.modules import ModuleLoader
from scanner.mounted_code import Container, mounted_code
from tests.scanner.repo_files import write_repo

REALWORLD = Path(__file__).parent / "realworld"
SETTINGS = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{}.settings")\n'
PATHS = frozenset(
    {
        "lab/services/orders/app.py",
        "lab/services/stock/app.py",
        "lab/shared/config.py",
        "lab/docs/index.md",
        "conf/nginx.conf",
        "web/package.json",
        "worker/run.py",
        "tools/seed.py",
    }
)


def _spec(
    mounts: list[str], command: str | None, image: str = "python:3.11-slim"
) -> ComposeService:
    return ComposeService(
        "svc", "docker-compose.yml", 1, image=image, command=command, mounts=mounts
    )


@pytest.mark.parametrize(
    ("mounts", "command", "expected"),
    [
        (["lab"], "uvicorn --app-dir services/orders app:app", "lab/services/orders"),
        (
            ["lab"],
            "bash -lc 'pip install -r r.txt && uvicorn --app-dir=services/stock a:a'",
            "lab/services/stock",
        ),
        (["lab"], "sh -c 'cd services/orders && python app.py'", "lab/services/orders"),
        (["lab"], "gunicorn --chdir services/orders app:app", "lab/services/orders"),
        (["lab"], "uvicorn --app-dir services/missing app:app", "lab"),
        (["conf/nginx.conf", "lab"], None, "lab"),
        (["conf/nginx.conf"], "python app.py", None),
        (["lab/docs"], "python serve.py", None),
    ],
)
def test_service_directory_is_the_mounted_code_narrowed_when_the_command_names_a_directory(
    mounts: list[str], command: str | None, expected: str | None
) -> None:
    assert mounted_code(_spec(mounts, command), PATHS) == expected


def test_mount_gives_no_code_when_the_image_runs_another_language() -> None:
    assert mounted_code(_spec(["lab"], "npm start", image="node:20"), PATHS) is None


def test_mount_gives_no_code_when_the_service_is_built() -> None:
    spec = _spec(["lab"], "python app.py")
    spec.build_context = "lab"
    assert mounted_code(spec, PATHS) is None


def test_root_mount_is_code_only_when_the_command_names_a_file_when_others_build_below_it() -> None:
    built = {"worker"}
    assert mounted_code(_spec([""], "jupyter lab", image="jupyter/base"), PATHS, built) is None
    assert mounted_code(_spec([""], "pytest"), PATHS, built) is None
    assert mounted_code(_spec([""], "python tools/seed.py"), PATHS, built) == ""
    assert mounted_code(_spec([""], "pytest"), PATHS) == ""


def _service_edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def test_django_web_app_keeps_its_views_when_a_script_shares_its_mounted_directory(
    tmp_path: Path,
) -> None:
    root = tmp_path / "marketplace"
    shutil.copytree(REALWORLD / "image_only_mounted_code" / "marketplace", root)
    write_repo(
        root,
        {
            "exp/manage.py": SETTINGS.format("exp"),
            "exp/exp/__init__.py": "",
            "exp/exp/wsgi.py": (
                "import os\n"
                'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exp.settings")\n'
                "from django.core.wsgi import get_wsgi_application\n"
                "application = get_wsgi_application()\n"
            ),
            "exp/exp/settings.py": 'INSTALLED_APPS = ["api"]\nROOT_URLCONF = "exp.urls"\n',
            "exp/exp/urls.py": (
                "from django.urls import include, path\n"
                'urlpatterns = [path("", include("api.urls"))]\n'
            ),
            "exp/api/__init__.py": "",
            "exp/api/urls.py": (
                "from django.urls import path\nfrom . import views\n"
                'urlpatterns = [path("c", views.create_carpool)]\n'
            ),
        },
    )
    assert _service_edges(scan_repository(root)) == {
        ("service:exp", "queue:new-listings-topic", "publish"),
        ("service:batch", "queue:new-listings-topic", "consume"),
    }


def test_script_beside_a_django_app_does_not_reach_its_urls_when_it_only_sets_django_up(
    tmp_path: Path,
) -> None:
    """``django.setup()`` loads the settings and models, never ``ROOT_URLCONF``."""
    write_repo(
        tmp_path,
        {
            "docker-compose.yml": (
                "services:\n"
                "  web:\n    image: python:3.11\n    volumes: ['./app:/app']\n"
                "    command: python manage.py runserver\n"
                "  jobs:\n    image: python:3.11\n    volumes: ['./app:/app']\n"
                "    command: python -u consumer.py\n"
            ),
            "app/manage.py": SETTINGS.format("site"),
            "app/consumer.py": (
                "import os, django\n"
                'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n'
                "django.setup()\n"
                "import redis\n"
                'redis.Redis(host="cache").blpop("jobs")\n'
            ),
            "app/site/__init__.py": "",
            "app/site/settings.py": 'ROOT_URLCONF = "site.urls"\n',
            "app/site/urls.py": "from site import views\n",
            "app/site/views.py": 'import requests\n\ndef hook(request):\n    requests.post("https://api.stripe.com/v1/charges")\n',
        },
    )
    edges = _service_edges(scan_repository(tmp_path))
    assert ("service:web", "external:api.stripe.com", "http") in edges
    assert ("service:jobs", "external:api.stripe.com", "http") not in edges


@pytest.mark.parametrize(
    ("command", "working_dir", "expected"),
    [
        ("sh -c 'cd /app/services/orders && python app.py'", None, "lab/services/orders"),
        ("uvicorn --app-dir /app/services/stock app:app", "/app", "lab/services/stock"),
        ("python app.py", "/app/services/orders", "lab/services/orders"),
        ("python app.py", "/elsewhere", "lab"),
        ("cd /srv/other && python app.py", None, "lab"),
    ],
)
def test_container_paths_name_repository_directories_when_mount_targets_are_known(
    command: str, working_dir: str | None, expected: str
) -> None:
    container = Container({"lab": "/app/"}, working_dir)
    assert mounted_code(_spec(["lab"], command), PATHS, container=container) == expected


def test_container_path_is_read_through_the_deepest_mount_when_mounts_nest() -> None:
    container = Container({"": "/app", "worker": "/app/src"})
    assert container.repository_path("/app/src/jobs") == "worker/jobs"
    assert container.repository_path("/app/lab") == "lab"
    assert container.repository_path("/") is None


def test_missing_module_of_a_package_elsewhere_resolves_to_nothing_when_imported_from_it(
    tmp_path: Path,
) -> None:
    """``INSTALLED_APPS = ["api"]`` reads ``api.models``; with ``exp/api/`` the only ``api``
    package and no ``models.py`` in it, resolution ends (it used to recurse forever)."""
    files = {"exp/api/__init__.py": "", "exp/exp/settings.py": 'INSTALLED_APPS = ["api"]\n'}
    loader = ModuleLoader(write_repo(tmp_path, files), frozenset(files))
    assert loader.resolve_import("exp/exp/settings.py", ImportTarget("api.models", None)) == []


def test_working_dir_below_the_mount_names_the_code_when_compose_sets_it(tmp_path: Path) -> None:
    compose = (
        "services:\n"
        "  orders:\n    image: python:3.12-slim\n    volumes: ['.:/srv']\n"
        "    working_dir: /srv/services/orders\n    command: python app.py\n"
        "  billing:\n    build: ./services/billing\n"
    )
    app = "import httpx\n\nhttpx.post('http://billing:8000/invoices')\n"
    root = write_repo(
        tmp_path,
        {
            "docker-compose.yml": compose,
            "services/orders/app.py": app,
            "services/billing/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        },
    )
    graph = scan_repository(root)
    orders = graph.node("service:orders")
    assert orders is not None and orders.path == "services/orders"
    assert {(e.source, e.target) for e in graph.edges()} == {("service:orders", "service:billing")}
