"""``from module import *``: a name bound nowhere else comes from the star-imported module, a
library's (qualified as ``module.name``) or one of the repository's (followed into it)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import libcst as cst

from scanner import scan_repository
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext, ModuleLoader
from scanner.symbolic import value_of
from tests.scanner.repo_files import write_repo
from tests.scanner.test_incremental import DictCache, _json


def _loaded(tmp_path: Path, files: dict[str, str], main: str) -> tuple[Evaluator, ModuleContext]:
    write_repo(tmp_path, files)
    loader = ModuleLoader(tmp_path, list(files))
    ctx = loader.load(main)
    assert ctx is not None
    return Evaluator(loader), ctx


def _result(tmp_path: Path, files: dict[str, str], main: str = "pkg/main.py") -> str:
    ev, ctx = _loaded(tmp_path, files, main)
    return value_of(ev, ctx, ctx.index.assigns["result"]).render()


def _callee_names(tmp_path: Path, code: str) -> dict[str, frozenset[str]]:
    """Qualified names of each called name in ``main.py``, by its spelling."""
    _, ctx = _loaded(tmp_path, {"main.py": code}, "main.py")
    return {
        ctx.code(call.func): ctx.qualified_names(call.func)
        for calls in ctx.index.calls.values()
        for call in calls
        if isinstance(call.func, cst.Name)
    }


def test_library_name_is_qualified_through_the_star_import_when_nothing_else_binds_it(
    tmp_path: Path,
) -> None:
    code = (
        "from mongoengine import *\n"
        "from .helpers import *\n"
        "def local():\n"
        "    pass\n"
        "connect('orders', host='mongo')\n"
        "print(len('x'))\n"
        "local()\n"
    )
    names = _callee_names(tmp_path, code)
    assert "mongoengine.connect" in names["connect"]
    assert names["connect"] == {"mongoengine.connect", ".helpers.connect"}
    assert names["print"] == {"builtins.print"}  # a builtin is not shadowed
    assert names["local"] == {"local"}  # nor the module's own binding


def test_no_star_candidates_when_the_module_has_no_star_import(tmp_path: Path) -> None:
    assert _callee_names(tmp_path, "connect('orders')\n") == {"connect": frozenset()}


def test_mongoengine_connect_gives_an_edge_when_imported_with_a_star(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n  api:\n    build: ./api\n    environment:\n      MONGO_HOST: querydb\n"
            "  querydb:\n    image: mongo\n"
        ),
        "api/Dockerfile": 'FROM python:3\nCOPY . .\nCMD ["python", "app.py"]\n',
        "api/app.py": (
            "import os\nfrom mongoengine import *\n\n"
            "connect('orders', host=os.environ.get('MONGO_HOST', '127.0.0.1'), port=27017)\n"
        ),
    }
    write_repo(tmp_path, files)
    graph = scan_repository(tmp_path)
    assert {(e.source, e.target) for e in graph.edges()} == {("service:api", "datastore:querydb")}


def test_repository_name_is_followed_into_the_star_imported_module(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/config.py": 'import os\nBASE = os.environ["BASE_URL"]\n',
        "pkg/main.py": "from .config import *\nresult = BASE + '/v1'\n",
    }
    assert _result(tmp_path, files) == "${BASE_URL}/v1"


def test_star_imports_are_followed_through_a_module_that_star_imports_in_turn(
    tmp_path: Path,
) -> None:
    files = {
        "pkg/__init__.py": "from .settings import *\n",
        "pkg/settings.py": "from .base import *\nfrom .local import *\n",
        "pkg/base.py": "HOST = 'http://prod'\nPORT = '80'\n",
        "pkg/local.py": "HOST = 'http://dev'\n",  # the later star import wins
        "pkg/main.py": "from . import *\nresult = HOST + ':' + PORT\n",
    }
    assert _result(tmp_path, files) == "http://dev:80"


def test_a_star_import_cycle_ends_with_an_unknown_value(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/a.py": "from .b import *\n",
        "pkg/b.py": "from .a import *\n",
        "pkg/main.py": "from .a import *\nresult = MISSING + '/x'\n",
    }
    assert _result(tmp_path, files) == "{MISSING}/x"


def test_only_exported_names_come_through_a_star_import(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/listed.py": "__all__ = ['PUBLIC']\nPUBLIC = 'http://a'\nOTHER = 'http://b'\n",
        "pkg/private.py": "_HIDDEN = 'http://c'\n",
        "pkg/main.py": (
            "from .listed import *\nfrom .private import *\n"
            "result = f'{PUBLIC}|{OTHER}|{_HIDDEN}'\n"
        ),
    }
    assert _result(tmp_path, files) == "http://a|{OTHER}|{_HIDDEN}"


def test_a_module_binding_wins_over_a_star_import(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/config.py": "BASE = 'http://star'\n",
        "pkg/main.py": "from .config import *\nBASE = 'http://own'\nresult = BASE\n",
    }
    assert _result(tmp_path, files) == "http://own"


STAR_FILES = {
    "docker-compose.yml": (
        "services:\n  api:\n    build: ./api\n  orders:\n    build: ./orders\n"
        "  billing:\n    build: ./billing\n"
    ),
    "api/app/__init__.py": "",
    "api/app/urls.py": "ORDERS = 'http://orders:8000'\n",
    "api/app/main.py": (
        "import requests\nfrom .urls import *\n\n\ndef go():\n"
        "    return requests.get(ORDERS + '/orders')\n"
    ),
    "orders/orders/__init__.py": "",
    "orders/orders/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "billing/billing/__init__.py": "",
    "billing/billing/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
}


def test_cached_record_is_rescanned_when_the_star_imported_module_changes(
    tmp_path: Path,
) -> None:
    for rel, text in STAR_FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    settled = time.time() - 60  # as a checkout leaves them: not modified just now
    for path in tmp_path.rglob("*"):
        os.utime(path, (settled, settled))
    cache = DictCache()
    cold = json.loads(_json(tmp_path, cache=cache))
    assert {e["target"] for e in cold["edges"]} == {"service:orders"}
    (tmp_path / "api/app/urls.py").write_text("ORDERS = 'http://billing:8000'\n")
    cache.reset_counts()
    rescanned = json.loads(_json(tmp_path, cache=cache))
    assert {e["target"] for e in rescanned["edges"]} == {"service:billing"}
    assert "api/app/main.py" in cache.writes  # the importer's record was computed again
