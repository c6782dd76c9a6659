"""Records that depend on a module only through its imports (text-level reach: which libraries
a file reaches through the repository's modules it imports) stay true while those imports
do, and are redone as soon as they change, for every importer."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import scanner.modules
import scanner.sources
from tests.scanner.test_incremental import DictCache, _json

FILES = {
    "docker-compose.yml": "services:\n  api:\n    build: ./api\n",
    "api/pyproject.toml": "",
    "api/app/__init__.py": "",
    # parsed for its own httpx call; reads only the imports of app.util
    "api/app/main.py": (
        'import httpx\n\nfrom app.util import label\n\nhttpx.get("http://orders.internal/orders")\n'
    ),
    "api/app/util.py": "def label(x):\n    return str(x)\n",
    # neither imports a library a detector knows: both rely on what app.clients builds
    "api/app/a.py": "from app.clients import billing\n\nbilling.post('/a')\n",
    "api/app/b.py": "from app.clients import billing\n\nbilling.post('/invoices')\n",
    "api/app/clients.py": "billing = None\n",
}
CLIENT = "import httpx\n\nbilling = httpx.Client(base_url='http://billing.internal')\n"


@pytest.fixture
def api(tmp_path: Path) -> Path:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    settled = time.time() - 60
    for path in tmp_path.rglob("*"):
        os.utime(path, (settled, settled))
    return tmp_path


def _evidence(graph: str) -> set[str]:
    return {e["path"] for edge in json.loads(graph)["edges"] for e in edge["evidence"]}


def test_every_importer_is_rescanned_when_a_module_they_import_starts_building_a_client(
    api: Path,
) -> None:
    cache = DictCache()
    assert not {"api/app/a.py", "api/app/b.py"} & _evidence(_json(api, cache=cache))
    (api / "api/app/clients.py").write_text(CLIENT)
    rescanned = _json(api, cache=cache)
    # b.py's reach was answered from a.py's (memoised): it must still depend on clients.py
    assert {"api/app/a.py", "api/app/b.py"} <= _evidence(rescanned)
    assert rescanned == _json(api)


def test_importer_is_not_parsed_again_when_only_code_of_a_module_it_imports_changes(
    api: Path, parsed: list[str]
) -> None:
    cache = DictCache()
    cold = _json(api, cache=cache)
    assert "api/app/main.py" in parsed
    util = api / "api/app/util.py"
    util.write_text(util.read_text().replace("str(x)", "f'<{x}>'") + "\n\nLIMIT = 3\n")
    parsed.clear()
    rescanned = _json(api, cache=cache)
    assert parsed == []
    assert rescanned == cold == _json(api)


def test_importer_is_parsed_again_when_the_imports_of_a_module_it_imports_change(
    api: Path, parsed: list[str]
) -> None:
    cache = DictCache()
    _json(api, cache=cache)
    util = api / "api/app/util.py"
    util.write_text("import pika\n\n" + util.read_text())
    parsed.clear()
    rescanned = _json(api, cache=cache)
    assert "api/app/main.py" in parsed  # it now reaches pika: its detectors may apply
    assert rescanned == _json(api)


def test_importer_is_parsed_again_when_a_module_it_imports_is_read_whole(
    api: Path, parsed: list[str]
) -> None:
    """A module the evaluator follows (not only its imports) is a whole-file dependency."""
    (api / "api/app/main.py").write_text(
        "import httpx\n\nfrom app.util import URL\n\nhttpx.get(URL)\n"
    )
    (api / "api/app/util.py").write_text('URL = "http://orders.internal/orders"\n')
    cache = DictCache()
    assert "api/app/main.py" in _evidence(_json(api, cache=cache))
    (api / "api/app/util.py").write_text('URL = "http://billing.internal/pay"\n')
    parsed.clear()
    rescanned = _json(api, cache=cache)
    assert "api/app/main.py" in parsed
    assert "billing.internal" in rescanned and rescanned == _json(api)


def test_nothing_is_read_again_when_the_record_was_brought_up_to_date(
    api: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = DictCache()
    _json(api, cache=cache)
    util = api / "api/app/util.py"
    util.write_text(util.read_text() + "\n\nLIMIT = 3\n")
    settled = time.time() - 60
    os.utime(util, (settled, settled))
    _json(api, cache=cache)  # main.py's record holds: it is stored with util.py's new digest
    reads: list[str] = []
    real = scanner.sources.read_source
    monkeypatch.setattr(
        scanner.sources, "read_source", lambda root, rel: reads.append(rel) or real(root, rel)
    )
    rescanned = _json(api, cache=cache)
    assert reads == []
    assert rescanned == _json(api)
