"""Flask config keys read through ``current_app.config`` in blueprints and set elsewhere:
in a config module's classes, in an app factory, or nowhere (then a default or unknown)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, Node, NodeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  exercises:
    build: ./exercises
    environment:
      APP_SETTINGS: project.config.ProductionConfig
      USERS_SERVICE_URL: http://users:5000
  scores:
    build: ./scores
  users: {build: ./users}
  audit: {build: ./audit}
"""
CONFIG = """
import os


class BaseConfig:
    USERS_SERVICE_URL = os.environ.get("USERS_SERVICE_URL")


class DevelopmentConfig(BaseConfig):
    USERS_SERVICE_URL = "http://localhost:5001"


class TestingConfig(BaseConfig):
    USERS_SERVICE_URL = "http://testserver"


class ProductionConfig(BaseConfig):
    DEBUG = False
"""
FACTORY = """
import os
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_object(os.getenv("APP_SETTINGS"))
    from project.api.exercises import blueprint
    app.register_blueprint(blueprint)
    return app
"""
EXERCISES = """
import requests
from flask import Blueprint, current_app

blueprint = Blueprint("exercises", __name__)


@blueprint.route("/exercises/<int:user_id>")
def exercises(user_id):
    url = "{0}/users/{1}".format(current_app.config["USERS_SERVICE_URL"], user_id)
    return requests.get(url).json()
"""
SCORES_FACTORY = """
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["AUDIT_URL"] = "http://audit:8000"
    return app
"""
SCORES_VIEW = """
import requests
from flask import Blueprint, current_app

scores = Blueprint("scores", __name__)


@scores.route("/scores", methods=["POST"])
def add():
    requests.post(current_app.config.get("AUDIT_URL") + "/events", json={})
    requests.get(current_app.config.get("RANKING_URL", "http://users:5000") + "/rank")
    requests.get(current_app.config["NOWHERE_URL"] + "/x")
"""


def _scan(root: Path) -> ServiceGraph:
    files = {
        "docker-compose.yml": COMPOSE,
        "exercises/project/__init__.py": FACTORY,
        "exercises/project/config.py": CONFIG,
        "exercises/project/api/__init__.py": "",
        "exercises/project/api/exercises.py": EXERCISES,
        "scores/app/__init__.py": SCORES_FACTORY,
        "scores/app/views.py": SCORES_VIEW,
        "users/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "audit/app.py": "from flask import Flask\napp = Flask(__name__)\n",
    }
    write_repo(root, files)
    return scan_repository(root)


def _calls(graph: ServiceGraph, service: str) -> set[str]:
    source = Node(NodeKind.SERVICE, service).id
    return {e.target for e in graph.edges() if e.source == source and e.kind == EdgeKind.HTTP}


def test_blueprint_reads_the_base_config_class_and_the_environment_behind_it(
    tmp_path: Path,
) -> None:
    graph = _scan(tmp_path)
    assert _calls(graph, "exercises") == {Node(NodeKind.SERVICE, "users").id}


def test_keys_stored_by_an_app_factory_and_get_defaults_are_followed(tmp_path: Path) -> None:
    graph = _scan(tmp_path)
    users, audit = Node(NodeKind.SERVICE, "users").id, Node(NodeKind.SERVICE, "audit").id
    assert _calls(graph, "scores") == {users, audit}


def test_a_key_set_nowhere_is_an_unresolved_diagnostic_not_an_edge(tmp_path: Path) -> None:
    graph = _scan(tmp_path)
    unresolved = [d for d in graph.diagnostics if "NOWHERE_URL" in d.message]
    assert unresolved and unresolved[0].path == "scores/app/views.py"


def test_rescan_sees_a_changed_config_module_the_blueprint_never_imports(tmp_path: Path) -> None:
    from tests.scanner.test_incremental import DictCache

    cache = DictCache()
    _scan(tmp_path)
    scan_repository(tmp_path, cache=cache)
    config = tmp_path / "exercises/project/config.py"
    config.write_text(CONFIG.replace('os.environ.get("USERS_SERVICE_URL")', '"http://audit:8000"'))
    os.utime(config, (time.time() + 5, time.time() + 5))  # a new mtime, past the racy guard
    graph = scan_repository(tmp_path, cache=cache)
    assert _calls(graph, "exercises") == {Node(NodeKind.SERVICE, "audit").id}
