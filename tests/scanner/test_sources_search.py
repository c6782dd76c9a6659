"""The caller search's fast path (a file's called names read once) finds exactly what the
regular expression it stands for finds."""

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
