"""Finding the files worth reading in a repository, without ever following a loop.

The walker never descends into VCS metadata, dependency trees, virtual environments, caches
or symlinked directories (the last is what makes symlink loops harmless). It reads nothing
but names: reading and decoding happen in :func:`read_text`, which turns oversized,
binary or non-UTF-8 files into diagnostics instead of errors.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catalog_api.model import Diagnostic, Severity

SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        "env",
        ".env",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "site-packages",
        "dist-packages",
        "vendor",
        "vendored",
        "_vendor",
        "third_party",
        "build",
        "dist",
        ".eggs",
        ".idea",
        ".vscode",
    }
)
MAX_FILE_BYTES = 1_000_000


@dataclass
class RepoFiles:
    """Repository-relative POSIX paths of every file seen, plus walk diagnostics."""

    root: Path
    paths: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def with_suffix(self, *suffixes: str) -> list[str]:
        return [p for p in self.paths if p.endswith(suffixes)]


def walk(root: Path) -> RepoFiles:
    """Every regular file under ``root`` outside skipped and symlinked directories."""
    found = RepoFiles(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            if name in SKIPPED_DIRS or name.endswith(".egg-info"):
                continue
            if (base / name).is_symlink():
                found.diagnostics.append(_skipped_link(root, base / name))
                continue
            kept.append(name)
        dirnames[:] = kept
        found.paths.extend(_files(root, base, filenames))
    found.paths.sort()
    return found


def _files(root: Path, base: Path, names: list[str]) -> Iterator[str]:
    # the relative path built as a string: ``relative_to`` per file was a tenth of a rescan
    # of a large repository
    prefix = base.relative_to(root).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    for name in sorted(names):
        path = base / name
        if path.is_symlink() and not path.is_file():
            continue  # dangling link or link to a directory
        yield prefix + name


def _skipped_link(root: Path, path: Path) -> Diagnostic:
    rel = path.relative_to(root).as_posix()
    return Diagnostic(
        rel, None, Severity.INFO, "symlink-skipped", "symlinked directory not followed"
    )


def read_text(root: Path, rel: str) -> tuple[str | None, Diagnostic | None]:
    """The file's text, or a diagnostic saying why it was not read."""
    text, problem, _ = read_source(root, rel)
    return text, problem


def read_source(root: Path, rel: str) -> tuple[str | None, Diagnostic | None, str | None]:
    """The file's text or the diagnostic saying why not, and the sha256 of its bytes (None
    when it could not be read at all): the key of the scanner's per-file cache."""
    path = root / rel
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1000
            message = f"{size} bytes; files over {limit} kB are skipped"
            return None, _diag(rel, "file-too-large", message), f"size:{size}"
        data = path.read_bytes()
    except OSError as exc:
        return None, _diag(rel, "unreadable-file", f"cannot read: {exc.strerror or exc}"), None
    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data:
        return None, _diag(rel, "binary-file", "contains NUL bytes; not a text file"), digest
    try:
        return data.decode("utf-8-sig"), None, digest
    except UnicodeDecodeError as exc:
        return None, _diag(rel, "not-utf8", f"not UTF-8 text (byte {exc.start})"), digest


def _diag(rel: str, code: str, message: str) -> Diagnostic:
    return Diagnostic(rel, None, Severity.WARNING, code, message)


def is_test_or_generated(rel: str) -> bool:
    """Tests, build scripts and generated stubs say nothing about the running system's
    dependencies (a test's fake URL is not an edge)."""
    parts = rel.split("/")
    name = parts[-1]
    if any(p in ("tests", "test", "testing") for p in parts[:-1]):
        return True
    if name.startswith("test_") or name.endswith(("_test.py", "_pb2.py", "_pb2_grpc.py")):
        return True
    return name in ("conftest.py", "setup.py", "noxfile.py")
