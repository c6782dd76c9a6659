"""Flask blueprint prefixes as Flask applies them: a registration's ``url_prefix`` replaces the
blueprint's own, and a nested blueprint's prefix follows its parent's."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import NodeKind
from scanner import scan_repository

APP = """\
from flask import Blueprint, Flask

from web.views import child, v1

app = Flask(__name__)
parent = Blueprint("parent", __name__, url_prefix="/parent")
kept = Blueprint("kept", __name__, url_prefix="/kept")


@kept.get("/")
def kept_index() -> str:
    return ""


app.register_blueprint(v1, url_prefix="/v2")
parent.register_blueprint(child, url_prefix="/kid")
app.register_blueprint(parent, url_prefix="/p")
app.register_blueprint(kept)
"""

VIEWS = """\
from flask import Blueprint

v1 = Blueprint("v1", __name__, url_prefix="/v1")
child = Blueprint("child", __name__, url_prefix="/child")


@v1.get("/items")
def items() -> str:
    return ""


@child.get("/leaf")
def leaf() -> str:
    return ""
"""


def _routes(root: Path) -> frozenset[str]:
    (root / "web").mkdir()
    (root / "web" / "app.py").write_text(APP)
    (root / "web" / "views.py").write_text(VIEWS)
    (root / "web" / "requirements.txt").write_text("flask\n")
    graph = scan_repository(root)
    services = [n for n in graph.nodes() if n.kind is NodeKind.SERVICE]
    assert [s.name for s in services] == ["web"]
    return services[0].routes


def test_registration_prefix_replaces_the_blueprint_prefix_when_given(tmp_path: Path) -> None:
    routes = _routes(tmp_path)
    assert "GET /v2/items" in routes
    assert not any("/v1" in r for r in routes)


def test_blueprint_keeps_its_own_prefix_when_registered_without_one(tmp_path: Path) -> None:
    assert "GET /kept/" in _routes(tmp_path)


def test_nested_blueprint_follows_its_parent_prefix_when_registered_on_a_blueprint(
    tmp_path: Path,
) -> None:
    routes = _routes(tmp_path)
    assert "GET /p/kid/leaf" in routes
    assert not any("/child" in r or "/parent" in r for r in routes)
