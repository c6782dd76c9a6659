"""Fixtures the scanner's cache tests share: which files a scan reads and parses."""

from __future__ import annotations

from pathlib import Path

import pytest

import scanner.modules
import scanner.sources


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The modules the scanner parses, in order."""
    seen: list[str] = []
    real = scanner.modules.ModuleLoader._parse

    def counting(loader: scanner.modules.ModuleLoader, rel: str, text: str | None) -> object:
        seen.append(rel)
        return real(loader, rel, text)

    monkeypatch.setattr(scanner.modules.ModuleLoader, "_parse", counting)
    return seen


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source files the scanner reads from disk, in order."""
    seen: list[str] = []
    real = scanner.sources.read_source

    def counting(root: Path, rel: str) -> tuple[object, ...]:
        seen.append(rel)
        return real(root, rel)

    monkeypatch.setattr(scanner.sources, "read_source", counting)
    return seen
