"""MongoDB reached through MongoEngine, Flask-MongoEngine settings, Flask-PyMongo's
``MONGO_URI`` and a motor client's database attribute: a repository on disk scanned end to
end, each service's edge going to the compose service its settings name."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, Node, NodeKind
from scanner import scan_repository

FILES = {
    "docker-compose.yml": """
services:
  catalog:
    build: ./catalog
    environment:
      MONGO_URI: mongodb://catalog-mongo:27017/catalog
  accounts:
    build: ./accounts
    environment:
      MONGO_HOST: accounts-mongo
  events:
    build: ./events
    env_file: events.env
  catalog-mongo: {image: "mongo:7"}
  accounts-mongo: {image: "mongo:7"}
  events-mongo: {image: "mongo:7"}
""",
    "events.env": "EVENTS_MONGO_URL=mongodb://events-mongo:27017\n",
    "catalog/app.py": """
import os
from flask import Flask
from flask_pymongo import PyMongo

app = Flask(__name__)
app.config.from_object("config.Config")
mongo = PyMongo(app)
""",
    "catalog/config.py": """
import os


class Config:
    MONGO_URI = os.environ["MONGO_URI"]


class TestingConfig(Config):
    MONGO_URI = "mongodb://localhost:27017/test"
""",
    "accounts/app.py": """
import os
from flask import Flask
from flask_mongoengine import MongoEngine

app = Flask(__name__)
app.config["MONGODB_SETTINGS"] = {"db": "accounts", "host": os.environ["MONGO_HOST"]}
db = MongoEngine(app)
""",
    "events/main.py": """
import os
from beanie import init_beanie
from fastapi import FastAPI
from motor.motor_asyncio import AsyncIOMotorClient

app = FastAPI()


@app.on_event("startup")
async def start():
    client = AsyncIOMotorClient(os.environ["EVENTS_MONGO_URL"])
    await init_beanie(database=client.events, document_models=[])
""",
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> ServiceGraph:
    root = tmp_path_factory.mktemp("repo")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return scan_repository(root)


def _targets(graph: ServiceGraph, service: str) -> set[str]:
    source = Node(NodeKind.SERVICE, service).id
    return {e.target for e in graph.edges() if e.source == source and e.kind == EdgeKind.DB}


def test_flask_pymongo_uri_from_a_config_class_reaches_its_compose_mongo(
    graph: ServiceGraph,
) -> None:
    assert _targets(graph, "catalog") == {Node(NodeKind.DATASTORE, "catalog-mongo").id}


def test_flask_mongoengine_settings_dict_reaches_the_host_its_env_names(
    graph: ServiceGraph,
) -> None:
    assert _targets(graph, "accounts") == {Node(NodeKind.DATASTORE, "accounts-mongo").id}


def test_motor_client_handed_to_beanie_reaches_its_mongo(graph: ServiceGraph) -> None:
    assert _targets(graph, "events") == {Node(NodeKind.DATASTORE, "events-mongo").id}


def test_no_edge_to_localhost_from_a_test_config_class(graph: ServiceGraph) -> None:
    assert not any("localhost" in n.name for n in graph.nodes())


DJANGO_FILES = {
    "docker-compose.yml": """
services:
  shop:
    build: ./shop
    environment:
      - DB_HOST=${DB_HOST}
  stock:
    build: ./stock
  mongo: {image: "mongo:7"}
""",
    "shop/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'shop.settings')\n",
    "shop/shop/settings.py": """
import os
DATABASES = {
    "default": {
        "ENGINE": "djongo",
        "NAME": "shop",
        "CLIENT": {"host": os.getenv("DB_HOST", "localhost")},
    },
    "none": {"ENGINE": "django.db.backends.dummy"},
}
""",
    "stock/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n",
    "stock/settings.py": """
import django_mongodb_backend
DATABASES = {"default": django_mongodb_backend.parse_uri("mongodb://mongo:27017/stock")}
""",
}


def test_django_mongodb_engines_unset_host_is_reported_and_parse_uri_is_read(
    tmp_path: Path,
) -> None:
    for rel, text in DJANGO_FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    graph = scan_repository(tmp_path)
    assert _targets(graph, "stock") == {Node(NodeKind.DATASTORE, "mongo").id}
    assert _targets(graph, "shop") == set()  # DB_HOST is set from an unset variable
    codes = [(d.code, d.path) for d in graph.diagnostics]
    assert ("unresolved-address", "shop/shop/settings.py") in codes
    assert "unknown-engine" not in {code for code, _ in codes}  # the dummy engine is no database
