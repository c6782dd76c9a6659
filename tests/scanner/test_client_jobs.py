"""A compose service running a datastore image for its client is a one-off job: a service
node with a config edge to the datastore its command connects to, never a datastore."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.model import NodeKind, Provenance
from scanner import scan_repository
from scanner.client_jobs import client_hosts, runs_client
from tests.scanner.repo_files import write_repo

COMPOSE = """\
services:
  mysql:
    image: mysql:5.7.23
    container_name: mysql
    command: mysqld --default-authentication-plugin=mysql_native_password
  mysql-cmdline:
    image: mysql:5.7.23
    links:
      - mysql:db
    command: bash -c "sleep 15; mysql -uroot -p'$$3cureUS' -h db -e 'create database cs4501;'"
  redis:
    image: redis:7
    command: sh -c "redis-server --daemonize yes && redis-cli config set save ''"
  seed:
    image: postgres:16
    command: ["psql", "postgresql://app@pg:5432/app", "-f", "/seed.sql"]
  pg:
    image: postgres:16
"""


def test_client_job_is_a_service_with_a_db_edge_when_its_command_runs_the_client(
    tmp_path: Path,
) -> None:
    graph = scan_repository(write_repo(tmp_path, {"docker-compose.yml": COMPOSE}))
    kinds = {n.name: n.kind for n in graph.nodes()}
    assert kinds == {
        "mysql": NodeKind.DATASTORE,
        "mysql-cmdline": NodeKind.SERVICE,
        "redis": NodeKind.DATASTORE,  # starts the server too
        "seed": NodeKind.SERVICE,
        "pg": NodeKind.DATASTORE,
    }
    edges = {(e.source, e.target, e.kind.value): e for e in graph.edges()}
    assert set(edges) == {
        ("service:mysql-cmdline", "datastore:mysql", "db"),
        ("service:seed", "datastore:pg", "db"),
    }
    job = edges[("service:mysql-cmdline", "datastore:mysql", "db")]
    assert job.provenance == frozenset({Provenance.CONFIG})
    assert {(e.path, e.note) for e in job.evidence} == {("docker-compose.yml", "command host db")}


@pytest.mark.parametrize(
    ("command", "client"),
    [
        ("mysql -uroot -h db -e 'select 1'", True),
        ("/usr/bin/psql -f x.sql", True),
        ("mongosh --host mongo --eval 'db.x.drop()'", True),
        ("--default-authentication-plugin=mysql_native_password", False),
        ("mongod --bind_ip_all", False),
        ("redis-server --appendonly yes && redis-cli ping", False),
        (None, False),
    ],
)
def test_client_is_recognised_when_its_program_runs_without_the_server(
    command: str | None, client: bool
) -> None:
    assert runs_client(command) is client


@pytest.mark.parametrize(
    ("command", "hosts"),
    [
        ("mysql -uroot -h db -e 'x'", ["db"]),
        ("mysql -hdb", ["db"]),
        ("psql --host=pg -U app", ["pg"]),
        ("mongosh --host mongo", ["mongo"]),
        ("psql postgresql://app@pg:5432/app", ["pg"]),
        ("redis-cli -u redis://cache:6379/0 ping", ["cache"]),
        ("mysql -uroot", []),
    ],
)
def test_client_hosts_are_read_when_the_command_names_them(command: str, hosts: list[str]) -> None:
    assert client_hosts(command) == hosts


def test_client_job_is_seen_when_the_client_is_its_entrypoint(tmp_path: Path) -> None:
    compose = (
        "services:\n  db:\n    image: mysql:8\n  migrate:\n    image: mysql:8\n"
        '    entrypoint: ["mysql", "-h", "db"]\n    command: ["-e", "source /seed.sql"]\n'
    )
    graph = scan_repository(write_repo(tmp_path, {"docker-compose.yml": compose}))
    assert {n.name: n.kind for n in graph.nodes()} == {
        "db": NodeKind.DATASTORE,
        "migrate": NodeKind.SERVICE,
    }
    assert {(e.source, e.target) for e in graph.edges()} == {("service:migrate", "datastore:db")}
