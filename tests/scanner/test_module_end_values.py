"""A module-level name assigned more than once, read from another module or from a function
called later: what may hold once the module has run, not only its last assignment."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.flow import ends
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  api:
    build: ./api
    environment:
      POSTGRES_HOST: pg
      BILLING_URL: http://billing:8000
  pg: {image: "postgres:16"}
  billing: {build: ./billing}
"""
CONFIG = """
import os

DB_HOST = os.getenv("POSTGRES_HOST")
if not os.getenv("POSTGRES_HOST"):
    DB_HOST = "localhost"

BILLING = "http://localhost:9000"
if os.getenv("BILLING_URL"):
    BILLING = os.environ["BILLING_URL"]

AUDIT = "http://audit-old:8000"
AUDIT = "http://billing:8000"
"""
APP = """
import psycopg2
import requests

import config
from config import BILLING, DB_HOST

conn = psycopg2.connect(host=DB_HOST, dbname="app")


def charge():
    requests.post(BILLING + "/charge")
    requests.post(config.AUDIT + "/audit")
"""


def _scan(root: Path) -> ServiceGraph:
    files = {
        "docker-compose.yml": COMPOSE,
        "api/config.py": CONFIG,
        "api/app.py": APP,
        "billing/app.py": "from flask import Flask\napp = Flask(__name__)\n",
    }
    write_repo(root, files)
    return scan_repository(root)


def test_an_imported_name_set_in_either_branch_reaches_what_the_environment_sets(
    tmp_path: Path,
) -> None:
    graph = _scan(tmp_path)
    assert {(e.source, e.target, e.kind.value) for e in graph.edges()} == {
        ("service:api", "datastore:pg", "db"),
        ("service:api", "service:billing", "http"),
    }
    audit = graph.edge("service:api", "service:billing", EdgeKind.HTTP)
    assert audit is not None
    assert {"POST /audit", "POST /charge"} <= set(audit.detail["routes"])
    assert not any("audit-old" in d.message for d in graph.diagnostics)  # reassigned: gone


def test_module_end_keeps_both_arms_of_an_if_and_only_the_last_straight_assignment() -> None:
    module = cst.parse_module(CONFIG)
    found = ends(module.body, {"DB_HOST", "BILLING", "AUDIT"})
    code = {k: [module.code_for_node(c) for c in v if c is not None] for k, v in found.items()}
    assert code == {
        "DB_HOST": ['os.getenv("POSTGRES_HOST")', '"localhost"'],
        "BILLING": ['"http://localhost:9000"', 'os.environ["BILLING_URL"]'],
        "AUDIT": ['"http://billing:8000"'],
    }
