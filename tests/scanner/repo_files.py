"""Writing a small repository of text files for a scan test (one shared helper)."""

from __future__ import annotations

from pathlib import Path


def write_repo(root: Path, files: dict[str, str]) -> Path:
    """``files`` (repository-relative path -> text) written under ``root``; returns ``root``."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root
