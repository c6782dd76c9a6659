"""The caller search's fast path (a file's called names read once) finds exactly what the
regular expression it stands for finds; the layout a search's root is chosen from covers the
project markers too."""

from __future__ import annotations

import re
from pathlib import Path

from scanner.sources import SourceFiles

FILES = {
    "app/a.py": "x.notify (1)\nfoo_bar(2)\n",
    "app/b.py": "barnotify(3)\n# notify( in a comment\n",
    "app/c.py": "notify\n(4)\nvalue = notify\n",
    "app/d.py": "def notify_all():\n    pass\n",
}


def test_called_name_search_matches_the_regex_it_stands_for(tmp_path: Path) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    sources = SourceFiles(tmp_path, sorted(FILES))
    for name in ("notify", "foo_bar", "notify_all", "bar", "value"):
        pattern = rf"\b{name}\s*\("
        wanted = [rel for rel, text in sorted(FILES.items()) if re.search(pattern, text)]
        assert sources.search("app/", pattern, 100) == wanted, name


def test_layout_changes_with_project_markers_only(tmp_path: Path) -> None:
    """A namespace module's source root is its project directory, found by its markers."""
    code = ["a/app/core/client.py"]
    layout = SourceFiles(tmp_path, code).layout()
    assert SourceFiles(tmp_path, [*code, "a/Dockerfile"]).layout() != layout
    assert SourceFiles(tmp_path, [*code, "a/README.md"]).layout() == layout
