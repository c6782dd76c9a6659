"""The engine: cheap pre-filter, one parse per file, progress reporting."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.detectors import REGISTRY, plugin_detectors
from scanner.engine import scan_python
from scanner.findings import HttpCall
from tests.scanner.repo_files import write_repo


def _write(root: Path, files: dict[str, str]) -> list[str]:
    write_repo(root, files)
    return sorted(files)


def test_file_is_not_parsed_when_it_mentions_no_detector_module(tmp_path: Path) -> None:
    paths = _write(tmp_path, {"plain.py": "def f(:\n    pass\n"})
    result = scan_python(tmp_path, paths, paths)
    assert result.diagnostics == []  # a parse would have reported the syntax error


def test_file_is_parsed_when_it_mentions_a_detector_module(tmp_path: Path) -> None:
    paths = _write(tmp_path, {"calls.py": "import requests\ndef f(:\n"})
    [diagnostic] = scan_python(tmp_path, paths, paths).diagnostics
    assert diagnostic.code == "syntax-error"


def test_progress_is_reported_per_file_when_a_callback_is_given(tmp_path: Path) -> None:
    paths = _write(tmp_path, {"a.py": "x = 1\n", "b.py": "import httpx\n"})
    seen: list[tuple[int, int]] = []
    scan_python(tmp_path, paths, paths, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_aliased_imports_match_when_names_are_spelled_differently(tmp_path: Path) -> None:
    code = (
        "import httpx as hx\nfrom requests import post as send\n"
        "hx.get('http://a.example.com/x')\nsend('http://b.example.com/y')\n"
    )
    paths = _write(tmp_path, {"m.py": code})
    found = scan_python(tmp_path, paths, paths, detectors=REGISTRY).findings
    urls = sorted(f.url.render() for f in found if isinstance(f, HttpCall))
    assert urls == ["http://a.example.com/x", "http://b.example.com/y"]


def test_detector_is_skipped_when_its_library_is_not_imported(tmp_path: Path) -> None:
    code = (
        "import requests as httpx\nclass requests:\n    pass\nhttpx.get('http://c.example.com/')\n"
    )
    paths = _write(tmp_path, {"m.py": code})
    found = scan_python(tmp_path, paths, paths).findings
    libraries = {getattr(f, "library", None) for f in found} - {None}
    assert libraries == {"requests"}


def test_plugin_detector_is_loaded_when_a_package_registers_the_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "site" / "demo_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[servicemap.detectors]\nrequests_again = scanner.detectors.requests_calls:RequestsCalls\n"
        "broken = no_such_module_here:Nope\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    found, problems = plugin_detectors()
    assert [d.__name__ for d in found] == ["RequestsCalls"]
    assert len(problems) == 1 and "broken" in problems[0] and "no_such_module_here" in problems[0]


def test_client_from_a_yielding_dependency_is_followed_when_injected_with_depends(
    tmp_path: Path,
) -> None:
    code = (
        "import httpx\nfrom typing import Annotated\nfrom fastapi import Depends, FastAPI\n"
        "app = FastAPI()\n"
        "async def client():\n"
        "    async with httpx.AsyncClient(base_url='http://stock:8000') as c:\n"
        "        yield c\n"
        "@app.get('/x')\n"
        "async def x(c: Annotated[httpx.AsyncClient, Depends(client)]):\n"
        "    return await c.get('/levels')\n"
    )
    paths = _write(tmp_path, {"m.py": code})
    found = scan_python(tmp_path, paths, paths).findings
    urls = [f.url.render() for f in found if isinstance(f, HttpCall)]
    assert urls == ["http://stock:8000/levels"]
