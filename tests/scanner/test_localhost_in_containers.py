"""``localhost`` in code that runs in a compose container: its own port is a self-call, a
datastore default is the project's only server of that kind, and nothing is guessed when
the project has two."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from scanner import scan_repository

API = """
import os
import psycopg2
import requests

conn = psycopg2.connect(host=os.getenv("DB_HOST", "localhost"), port=5432, dbname="app")
requests.get("http://localhost:8001/health")
"""


def _scan(root: Path, compose: str) -> ServiceGraph:
    (root / "api").mkdir()
    (root / "api/app.py").write_text(API)
    (root / "docker-compose.yml").write_text(compose)
    return scan_repository(root)


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def test_two_postgres_servers_leave_a_localhost_default_unresolved(tmp_path: Path) -> None:
    graph = _scan(
        tmp_path,
        """
services:
  api: {build: ./api}
  main-db: {image: "postgres:16"}
  audit-db: {image: "postgres:16"}
""",
    )
    assert not any(target.startswith("datastore:") for _, target, _ in _edges(graph))
    assert any(d.code == "local-address" for d in graph.diagnostics)


def test_published_port_of_another_service_is_still_reached_from_localhost(
    tmp_path: Path,
) -> None:
    graph = _scan(
        tmp_path,
        """
services:
  api: {build: ./api, ports: ["8000:8000"]}
  status: {image: "nginx:1.27", ports: ["8001:80"]}
  db: {image: "postgres:16"}
""",
    )
    assert _edges(graph) >= {
        ("service:api", "service:status", "http"),
        ("service:api", "datastore:db", "db"),
    }


def test_localhost_on_a_port_the_command_binds_is_a_self_call(tmp_path: Path) -> None:
    graph = _scan(
        tmp_path,
        """
services:
  api: {build: ./api, command: "uvicorn app:app --host 0.0.0.0 --port 8001"}
  status: {image: "nginx:1.27", ports: ["8001:80"]}
""",
    )
    assert ("service:api", "service:status", "http") not in _edges(graph)
    assert any(d.code == "self-call" for d in graph.diagnostics)
