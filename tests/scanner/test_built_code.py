"""Built compose services whose build context is not their code directory (context ``..``
with a Dockerfile in a subdirectory, a Dockerfile-only context), services built ``FROM``
a datastore image, and env files compose names whatever they are called."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from scanner import scan_repository
from scanner.images import ImageKind, served_datastore
from tests.scanner.repo_files import write_repo

APP = (
    "import os\nimport psycopg2\nfrom flask import Flask\n\napp = Flask(__name__)\n"
    'conn = psycopg2.connect(host=os.environ["DB_HOST"], dbname="shop")\n'
)
PARENT_CONTEXT = {
    "grpc/orders/docker-compose.yml": (
        "services:\n  orders:\n    build:\n      context: ..\n"
        "      dockerfile: orders/.docker/Dockerfile\n"
        "    env_file:\n      - ../../db.env.local\n"
    ),
    "grpc/orders/.docker/Dockerfile": (
        "FROM python:3.11\nWORKDIR /app\nCOPY orders/.docker/requirements.txt .\n"
        "COPY --from=builder /wheels /wheels\nCOPY orders/app .\nCOPY _protos /protos\n"
    ),
    "grpc/orders/.docker/requirements.txt": "flask\n",
    "grpc/orders/app/app.py": APP,
    "grpc/stock/docker-compose.yml": (
        "services:\n  stock:\n    build:\n      context: ..\n"
        "      dockerfile: stock/.docker/Dockerfile\n"
        "    env_file:\n      - ../../db.env.local\n"
    ),
    "grpc/stock/.docker/Dockerfile": "FROM python:3.11\nWORKDIR /app\nCOPY ./stock/app/ ./\n",
    "grpc/stock/app/app.py": APP,
    "grpc/_protos/gen.py": "X = 1\n",
    "db.env.local": "DB_HOST=postgres\nPOSTGRES_DB=shop\n",
    "infra/docker-compose.yml": (
        "services:\n  postgres:\n    build:\n      context: .docker\n"
        "    env_file: ../db.env.local\n    ports: ['5432:5432']\n"
    ),
    "infra/.docker/Dockerfile": (
        "FROM postgres:15.4-alpine AS base\nFROM base\n"
        "COPY ./init.sql /docker-entrypoint-initdb.d/\n"
    ),
    "infra/.docker/init.sql": "CREATE TABLE orders (id int);\n",
}


def _scan(tmp_path: Path, files: dict[str, str]) -> ServiceGraph:
    return scan_repository(write_repo(tmp_path, files))


def _paths(graph: ServiceGraph) -> dict[str, str | None]:
    return {n.name: n.path for n in graph.nodes() if n.id.startswith("service:")}


def test_services_own_what_their_dockerfile_copies_when_built_from_a_shared_parent_context(
    tmp_path: Path,
) -> None:
    graph = _scan(tmp_path, PARENT_CONTEXT)
    assert _paths(graph) == {"orders": "grpc/orders/app", "stock": "grpc/stock/app"}
    edges = {(e.source, e.target, e.kind.value) for e in graph.edges()}
    assert edges == {
        ("service:orders", "datastore:postgres", "db"),
        ("service:stock", "datastore:postgres", "db"),
    }
    postgres = graph.node("datastore:postgres")
    assert postgres is not None and postgres.technology == "postgres"
    assert "missing-env-file" not in {d.code for d in graph.diagnostics}


def test_env_file_named_by_compose_stays_a_diagnostic_when_it_is_missing(tmp_path: Path) -> None:
    files = {k: v for k, v in PARENT_CONTEXT.items() if k != "db.env.local"}
    graph = _scan(tmp_path, files)
    missing = [d for d in graph.diagnostics if d.code == "missing-env-file"]
    assert {d.path for d in missing} == {
        "grpc/orders/docker-compose.yml",
        "grpc/stock/docker-compose.yml",
        "infra/docker-compose.yml",
    }
    assert all("db.env.local" in d.message for d in missing)


def test_mounted_code_is_the_service_directory_when_the_context_holds_only_the_dockerfile(
    tmp_path: Path,
) -> None:
    graph = _scan(
        tmp_path,
        {
            "workers/a/docker-compose.yml": (
                "services:\n  worker-a:\n    build:\n      context: .docker\n"
                "    volumes:\n      - ./app:/app\n    env_file: [../celery.env.local]\n"
            ),
            "workers/a/.docker/Dockerfile": "FROM python:3.10\nCOPY ./app .\n",
            "workers/a/app/app.py": APP,
            "workers/celery.env.local": "DB_HOST=db.internal\n",
        },
    )
    assert _paths(graph) == {"worker-a": "workers/a/app"}
    assert {(e.source, e.target) for e in graph.edges()} == {
        ("service:worker-a", "datastore:db.internal")
    }


def test_context_at_the_dockerfiles_top_stays_the_code_directory_when_it_holds_python(
    tmp_path: Path,
) -> None:
    graph = _scan(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  orders:\n    build: ./orders\n",
            "orders/Dockerfile": "FROM python:3.11\nCOPY src/ /app/src\nCOPY manage.py /app/\n",
            "orders/manage.py": "import os\n",
            "orders/src/app.py": APP,
        },
    )
    assert _paths(graph) == {"orders": "orders"}


def test_built_service_stays_a_service_when_its_datastore_based_image_adds_python(
    tmp_path: Path,
) -> None:
    graph = _scan(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  loader:\n    build: ./loader\n",
            "loader/Dockerfile": "FROM postgres:16\nCOPY load.py /load.py\n",
            "loader/load.py": APP,
        },
    )
    assert graph.node("service:loader") is not None
    assert graph.node("datastore:loader") is None


def test_kubernetes_workload_built_from_a_datastore_image_is_that_datastore(
    tmp_path: Path,
) -> None:
    workload = (
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: accounts-db}\n"
        "spec:\n  template:\n    metadata: {labels: {app: accounts-db}}\n    spec:\n"
        "      containers:\n      - name: db\n        image: accounts-db\n"
    )
    graph = _scan(
        tmp_path,
        {
            "k8s/accounts-db.yaml": workload,
            "src/accounts-db/Dockerfile": (
                "FROM postgres:16-alpine\nCOPY init/ /docker-entrypoint-initdb.d/\n"
            ),
            "src/accounts-db/init/1.sql": "CREATE TABLE users (id int);\n",
        },
    )
    node = graph.node("datastore:accounts-db")
    assert node is not None and node.technology == "postgres"
    assert graph.node("service:accounts-db") is None


@pytest.mark.parametrize(
    ("env", "ports", "expected"),
    [
        ({"POSTGRES_DB", "POSTGRES_USER"}, {5432}, ImageKind("datastore", "postgres")),
        ({"MYSQL_ROOT_PASSWORD"}, {3306}, ImageKind("datastore", "mysql")),
        ({"MONGO_INITDB_ROOT_USERNAME"}, {27017}, ImageKind("datastore", "mongodb")),
        ({"POSTGRES_DB", "POSTGRES_PASSWORD"}, {8080}, None),  # a client of Postgres
        ({"DATABASE_URL"}, {5432}, None),
    ],
)
def test_server_init_variables_name_the_datastore_when_the_container_listens_on_its_port(
    env: set[str], ports: set[int], expected: ImageKind | None
) -> None:
    assert served_datastore(env, ports) == expected
