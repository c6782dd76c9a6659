"""Run a test as on a machine without Graphviz: PATH keeps only Python's own folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest


def hide_dot(monkeypatch: pytest.MonkeyPatch, empty_dir: Path) -> None:
    """Point PATH at ``empty_dir`` and the interpreter's folder, then check ``dot`` is gone."""
    monkeypatch.setenv("PATH", os.pathsep.join([str(empty_dir), str(Path(sys.executable).parent)]))
    assert shutil.which("dot") is None, "dot sits next to python; cannot hide it"
