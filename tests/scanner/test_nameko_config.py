"""nameko's config file: reads of ``nameko.config`` in code resolved through the YAML file the
service runs with, its ``${VAR:default}`` references filled from the service's environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.config.nameko import substitute
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  accounts:
    build: ./accounts
    command: nameko run --config conf/prod.yaml accounts.service
    environment:
      MONGO_HOST: mongo
  mongo: {image: "mongo:7"}
  ledger-db: {image: "postgres:16"}
  cache: {image: "redis:7"}
  session-cache: {image: "redis:7"}
  billing:
    build: ./billing
"""
PROD = """
MONGO_URI: mongodb://${MONGO_HOST:localhost}:27017/accounts
BILLING:
    URL: http://${BILLING_HOST:billing}:8000
LEDGER: postgresql://${LEDGER_USER:"app"}@ledger-db:5432/ledger
REDIS_URIS:
    sessions: redis://session-cache:6379/1
"""
SERVICE = """
from nameko import config
from nameko.dependency_providers import Config
from nameko.extensions import DependencyProvider
from nameko.rpc import rpc
from nameko_redis import Redis
import pymongo
import redis
import requests
import sqlalchemy

LEDGER_KEY = "LEDGER"
engine = sqlalchemy.create_engine(config.get(LEDGER_KEY))


class Mongo(DependencyProvider):
    def setup(self):
        self.client = pymongo.MongoClient(self.container.config["MONGO_URI"])


class AccountsService:
    name = "accounts"
    settings = Config()
    mongo = Mongo()
    sessions = Redis("sessions")

    @rpc
    def balance(self, account):
        requests.get(self.settings["BILLING"]["URL"] + "/invoices")
        return redis.Redis.from_url(config.get("CACHE_URI", "redis://cache:6379/0"))
"""
BILLING = """
from flask import Flask

app = Flask(__name__)


@app.get("/invoices")
def invoices():
    return []
"""


def _scan(tmp_path: Path, **extra: str) -> ServiceGraph:
    files = {
        "docker-compose.yml": COMPOSE,
        "accounts/conf/prod.yaml": PROD,
        "accounts/config.yml": "MONGO_URI: mongodb://not-this-one:27017/x\n",
        "accounts/requirements.txt": "nameko\n",
        "accounts/accounts/__init__.py": "",
        "accounts/accounts/service.py": SERVICE,
        "billing/requirements.txt": "flask\n",
        "billing/app.py": BILLING,
    }
    return scan_repository(write_repo(tmp_path, {**files, **extra}))


def test_config_reads_reach_the_targets_when_the_command_names_the_config_file(
    tmp_path: Path,
) -> None:
    graph = _scan(tmp_path)
    edges = {(e.source, e.target, e.kind) for e in graph.edges()}
    assert edges == {
        ("service:accounts", "datastore:mongo", EdgeKind.DB),
        ("service:accounts", "datastore:ledger-db", EdgeKind.DB),
        ("service:accounts", "datastore:cache", EdgeKind.CACHE),
        ("service:accounts", "datastore:session-cache", EdgeKind.CACHE),
        ("service:accounts", "service:billing", EdgeKind.HTTP),
    }
    mongo = graph.edge("service:accounts", "datastore:mongo", EdgeKind.DB)
    assert mongo is not None
    places = {(e.path, e.line) for e in mongo.evidence}
    assert {("accounts/accounts/service.py", 18), ("accounts/conf/prod.yaml", 2)} <= places
    http = graph.edge("service:accounts", "service:billing", EdgeKind.HTTP)
    assert http is not None and http.detail["routes"] == {"GET /invoices"}


def test_the_config_file_beside_the_code_is_read_when_no_command_names_one(
    tmp_path: Path,
) -> None:
    command = "    command: nameko run --config conf/prod.yaml accounts.service\n"
    compose = COMPOSE.replace(command, "")
    graph = _scan(tmp_path, **{"docker-compose.yml": compose})
    mongo = [e for e in graph.edges() if e.source == "service:accounts" and e.kind == EdgeKind.DB]
    assert "datastore:not-this-one" in {e.target for e in mongo}
    unresolved = {d.message for d in graph.diagnostics if d.code == "unresolved-address"}
    assert any("nameko.config[LEDGER]" in m for m in unresolved)  # not in config.yml


def test_a_config_file_named_but_missing_is_a_diagnostic_when_scanning(tmp_path: Path) -> None:
    compose = COMPOSE.replace("conf/prod.yaml", "conf/staging.yaml")
    graph = _scan(tmp_path, **{"docker-compose.yml": compose})
    missing = [d for d in graph.diagnostics if d.code == "missing-config-file"]
    assert [(d.path, "conf/staging.yaml" in d.message) for d in missing] == [
        ("docker-compose.yml", True)
    ]


def test_references_take_the_environment_then_the_default_when_substituted() -> None:
    env = {"HOST": "db", "EMPTY": ""}
    assert substitute("pg://${HOST:localhost}:${PORT:5432}", env) == "pg://db:5432"
    assert substitute('redis://:${PASSWORD:""}@${MISSING}', env) == "redis://:@"
    assert substitute("${OUTER:${HOST:x}}/${EMPTY:set}", env) == "db/"


@pytest.mark.parametrize(
    ("starter", "text"),
    [
        ("accounts/run.sh", "#!/bin/bash\nnameko run --config /var/nameko/prod.yaml accounts\n"),
        (
            "accounts/Dockerfile",
            'FROM python:3.11\nCMD ["nameko", "run", "--config", "prod.yaml"]\n',
        ),
    ],
    ids=["entry-script", "dockerfile-exec-form"],
)
def test_the_file_a_start_command_names_is_read_when_it_is_copied_elsewhere(
    tmp_path: Path, starter: str, text: str
) -> None:
    command = "    command: nameko run --config conf/prod.yaml accounts.service\n"
    files = {"docker-compose.yml": COMPOSE.replace(command, ""), starter: text}
    graph = _scan(tmp_path, **files)
    mongo = graph.edge("service:accounts", "datastore:mongo", EdgeKind.DB)
    assert mongo is not None
    assert ("accounts/conf/prod.yaml", 2) in {(e.path, e.line) for e in mongo.evidence}
