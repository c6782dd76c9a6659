"""Value shapes found in public multi-service repositories (see realworld/README.md and each
case's expected.md): star imports, settings properties with concatenated f-strings or a
guard return, config factories, gateway service registries, Django `django.conf.settings`
reads and class-body attributes."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _codes(graph: ServiceGraph) -> set[str]:
    return {d.code for d in graph.diagnostics}


def test_star_imported_client_and_model_base_give_their_database_edges() -> None:
    graph = scan_repository(REALWORLD / "star_import_hides_client")
    assert _edges(graph) == {
        ("service:customers", "datastore:commanddb", "db"),  # nameko_sqlalchemy, models' Base
        ("service:customers", "datastore:querydb", "db"),  # ``from mongoengine import *``
    }
    mongo = graph.edge("service:customers", "datastore:querydb", EdgeKind.DB)
    assert mongo is not None
    assert ("customers/customers/models.py", 15) in {(e.path, e.line) for e in mongo.evidence}
    assert not _codes(graph) & {"unresolved-address", "tables-without-database"}


def test_settings_properties_give_the_database_edge_with_a_guard_or_split_fstrings() -> None:
    graph = scan_repository(REALWORLD / "settings_property_fstring_concat_and_guard")
    assert _edges(graph) == {
        ("service:auth_service", "datastore:postgres", "db"),
        ("service:billing_service", "datastore:postgres", "db"),
    }
    assert "unresolved-address" not in _codes(graph)


def test_config_factory_attribute_gives_the_grpc_edge() -> None:
    graph = scan_repository(REALWORLD / "config_factory_function")
    assert _edges(graph) == {("service:client", "service:server", "grpc")}
    grpc = graph.edge("service:client", "service:server", EdgeKind.GRPC)
    assert grpc is not None
    assert ("docker-compose.yml", 10) in {(e.path, e.line) for e in grpc.evidence}
    assert "unresolved-address" not in _codes(graph)


def test_gateway_registry_gives_an_edge_per_registered_service() -> None:
    graph = scan_repository(REALWORLD / "gateway_service_registry_dict")
    assert _edges(graph) == {
        ("service:api_gateway", "service:auth_service", "http"),
        ("service:api_gateway", "service:order_service", "http"),
    }
    assert "unresolved-url" not in _codes(graph)


def test_django_conf_settings_reads_the_project_settings_module() -> None:
    graph = scan_repository(REALWORLD / "django_conf_settings_service_urls")
    assert _edges(graph) == {
        # ``settings.AUTH_SERVICE_URL`` from an app directory without ``__init__.py``
        ("service:frontend_service", "service:auth_service", "http"),
        # ``getattr(settings, "CATALOG_SERVICE_URL", default)``
        ("service:frontend_service", "service:catalog_service", "http"),
        # the module ``DJANGO_SETTINGS_MODULE`` names (production), not base.py's localhost
        ("service:order_service", "service:catalog_service", "http"),
    }
    frontend = graph.edge("service:frontend_service", "service:auth_service", EdgeKind.HTTP)
    assert frontend is not None
    assert ("docker-compose.yml", 20) in {(e.path, e.line) for e in frontend.evidence}
    assert not _codes(graph) & {"unresolved-url", "local-address"}


def test_class_body_attributes_feed_a_call_in_the_same_body() -> None:
    graph = scan_repository(REALWORLD / "nameko_class_body_attributes")
    assert _edges(graph) == {("service:products", "datastore:mongodb", "db")}
    mongo = graph.edge("service:products", "datastore:mongodb", EdgeKind.DB)
    assert mongo is not None
    assert ("docker-compose.yml", 31) in {(e.path, e.line) for e in mongo.evidence}
    assert "unresolved-address" not in _codes(graph)


def _nameko_repo(root: Path, service: str) -> Path:
    files = {
        "docker-compose.yml": "services:\n  mongodb:\n    image: mongo\n  svc:\n"
        "    build: ./svc\n    environment:\n      MONGODB_HOST: mongodb\n",
        "svc/Dockerfile": 'FROM python:3.11\nCOPY . .\nCMD ["nameko", "run", "app"]\n',
        "svc/app.py": service,
    }
    write_repo(root, files)
    return root


@pytest.mark.parametrize(
    "body",
    [
        # a method does not see the class body's names: the module's host
        "class S:\n    host = os.getenv('MONGODB_HOST')\n\n"
        "    def run(self):\n        connect('db', host=host)\n",
        # assigned in the class body only after the read
        "class S:\n    connect('db', host=host)\n    host = os.getenv('MONGODB_HOST')\n",
    ],
)
def test_class_body_names_are_not_read_where_python_would_not_see_them(
    tmp_path: Path, body: str
) -> None:
    head = "import os\nfrom mongoengine import connect\n\nhost = 'mongo.example.com'\n\n\n"
    graph = scan_repository(_nameko_repo(tmp_path, head + body))
    assert _edges(graph) == {("service:svc", "datastore:mongo.example.com", "db")}


def test_django_mongodb_engines_give_their_database_edges() -> None:
    graph = scan_repository(REALWORLD / "django_mongodb_engines")
    assert _edges(graph) == {
        ("service:api", "datastore:mongodb", "db"),  # djongo CLIENT host from the environment
        ("service:product", "datastore:db-mongo", "db"),  # djongo CLIENT host as a URL
        ("service:orders", "datastore:db-mongo", "db"),  # django-mongodb-backend HOST
    }
    databases = {
        source: graph.edge(f"service:{source}", f"datastore:{target}", EdgeKind.DB)
        for source, target in (("api", "mongodb"), ("product", "db-mongo"), ("orders", "db-mongo"))
    }
    assert {s: e.detail["databases"] for s, e in databases.items() if e is not None} == {
        "api": {"stock_service_db"},
        "product": {"products"},
        "orders": {"orders"},
    }
    unknown = [d for d in graph.diagnostics if d.code == "unknown-engine"]
    assert [(d.path, d.line) for d in unknown] == [("reports/reports/settings.py", 5)]
    assert "unresolved-address" not in _codes(graph)


def test_django_databases_overrides_after_the_sqlite_default_apply_in_order() -> None:
    graph = scan_repository(REALWORLD / "django_databases_overridden")
    assert _edges(graph) == {
        ("service:cart", "datastore:cart_db", "db"),  # ``.update(dj_database_url.config())``
        ("service:orders", "datastore:orders_db", "db"),  # ``DATABASES["default"]["HOST"] =``
    }
    assert graph.node("datastore:db.sqlite3") is None
    cart = graph.edge("service:cart", "datastore:cart_db", EdgeKind.DB)
    assert cart is not None and cart.detail["databases"] == {"cart"}
    unresolved = [d for d in graph.diagnostics if d.code == "unresolved-address"]
    assert [(d.path, d.line) for d in unresolved] == [("review/config/settings.py", 10)]


def test_django_databases_item_replaced_or_rewritten_by_an_unread_value(tmp_path: Path) -> None:
    settings = (
        "import dj_database_url\n"
        "from .helpers import database\n"
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "a.db"},\n'
        '             "other": {"ENGINE": "django.db.backends.sqlite3", "NAME": "b.db"}}\n'
        'DATABASES["default"] = database()\n'
        'DATABASES["other"] = dj_database_url.config(default="postgres://u:p@pg:5432/other")\n'
        'DATABASES["other"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"  # same server\n'
        "class Local:\n"
        '    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "c.db"}}\n'
    )
    write_repo(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  web:\n    build: ./web\n"
            "  pg:\n    image: postgres:16\n",
            "web/Dockerfile": 'FROM python:3.12\nCMD ["python", "manage.py", "runserver"]\n',
            "web/manage.py": "import django\n",
            "web/config/__init__.py": "",
            "web/config/helpers.py": "def database():\n    return {}\n",
            "web/config/settings.py": settings,
        },
    )
    graph = scan_repository(tmp_path)
    assert _edges(graph) == {("service:web", "datastore:pg", "db")}
    unresolved = [d for d in graph.diagnostics if d.code == "unresolved-address"]
    assert [(d.path, d.line) for d in unresolved] == [("web/config/settings.py", 5)]
