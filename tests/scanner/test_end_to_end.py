"""End to end: scanning a small compose repository (three services) gives the exact graph."""

from __future__ import annotations

import json
from pathlib import Path

from catalog_api import graph_json
from scanner import scan_repository

REPOS = Path(__file__).parent / "repos"


def _comparable(root: Path) -> dict[str, object]:
    document = graph_json.to_dict(scan_repository(root))
    for volatile in ("source", "time", "commit"):
        document.pop(volatile)
    return document


def test_scan_gives_the_reviewed_graph_when_run_on_the_shop_repository() -> None:
    expected = json.loads((REPOS / "shop.expected.json").read_text())
    assert _comparable(REPOS / "shop") == expected


def test_scan_sets_info_when_run_on_a_repository() -> None:
    graph = scan_repository(REPOS / "shop")
    assert graph.info is not None
    assert graph.info.source == str(REPOS / "shop")
    assert graph.info.time is not None and graph.info.time.endswith("Z")


def test_scan_output_is_byte_stable_when_run_twice() -> None:
    first = json.dumps(_comparable(REPOS / "shop"), sort_keys=True)
    assert json.dumps(_comparable(REPOS / "shop"), sort_keys=True) == first


def test_scan_reads_the_commit_when_the_root_is_a_git_checkout(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("0123456789abcdef0123456789abcdef01234567\n")
    graph = scan_repository(tmp_path)
    assert graph.info is not None
    assert graph.info.commit == "0123456789abcdef0123456789abcdef01234567"


def test_import_of_scanner_stays_cheap_when_nothing_is_scanned() -> None:
    import subprocess
    import sys

    code = "import sys, scanner; print('libcst' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
