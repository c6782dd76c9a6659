"""Finding the files worth reading in a repository, without ever following a loop.

The walker never descends into VCS metadata, dependency trees, virtual environments, caches
or symlinked directories (the last is what makes symlink loops harmless). It reads nothing
but names: reading and decoding happen in :func:`read_text`, which turns oversized,
binary or non-UTF-8 files into diagnostics instead of errors.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
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
# Not the running system: test suites (and their compose files), and examples, which a
# system's repository keeps for people rather than for production
TEST_DIRS = frozenset({"tests", "test", "testing"})
EXAMPLE_DIRS = frozenset({"examples", "example"})
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class WalkRules:
    """What a scan leaves out besides the always-skipped directories: ``exclude`` globs
    (a pattern with a ``/`` matches the repository-relative path, one without matches any
    single name; a matched directory goes with everything in it) and, unless
    ``examples``, example directories."""

    exclude: tuple[str, ...] = ()
    examples: bool = False

    def skips(self, rel: str, name: str, directory: bool) -> bool:
        if directory and (
            name in SKIPPED_DIRS
            or name in TEST_DIRS
            or name.endswith(".egg-info")
            or (name in EXAMPLE_DIRS and not self.examples)
        ):
            return True
        return any(fnmatchcase(rel if "/" in p else name, p.strip("/")) for p in self.exclude)


@dataclass
class RepoFiles:
    """Repository-relative POSIX paths of every file seen, plus walk diagnostics."""

    root: Path
    paths: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    examples_skipped: list[str] = field(default_factory=list)  # example directories left out

    def with_suffix(self, *suffixes: str) -> list[str]:
        return [p for p in self.paths if p.endswith(suffixes)]


def walk(root: Path, rules: WalkRules | None = None) -> RepoFiles:
    """Every regular file under ``root`` outside skipped and symlinked directories (and
    virtual environments, whatever their name) and outside what ``rules`` leave out."""
    rules = rules or WalkRules()
    found = RepoFiles(root)
    pending = [(str(root), "")]  # a stack, not recursion: nesting depth is the repo's choice
    while pending:
        directory, prefix = pending.pop()
        _list_dir(directory, prefix, rules, found, pending)
    found.paths.sort()
    found.diagnostics.sort(key=lambda d: d.path)
    found.examples_skipped.sort()
    return found


def _list_dir(
    directory: str,
    prefix: str,
    rules: WalkRules,
    found: RepoFiles,
    pending: list[tuple[str, str]],
) -> None:
    # os.scandir gives file types with the names (no stat per file): building a Path and
    # asking it per file was a tenth of a rescan of a large repository
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except OSError:
        return  # an unreadable directory: nothing in it can be scanned anyway
    if prefix and any(entry.name == "pyvenv.cfg" for entry in entries):
        return  # a virtual environment under another name than the usual ones
    for entry in entries:
        rel = prefix + entry.name
        if not _utf8(entry.name):
            found.diagnostics.append(_undecodable(rel))
            continue
        if entry.is_symlink():
            if entry.is_dir():
                found.diagnostics.append(_skipped_link(rel))
            elif entry.is_file() and not rules.skips(rel, entry.name, directory=False):
                found.paths.append(rel)
            # else a dangling link
        elif entry.is_dir(follow_symlinks=False):
            if not rules.skips(rel, entry.name, directory=True):
                pending.append((entry.path, rel + "/"))
            elif entry.name in EXAMPLE_DIRS and not rules.examples:
                found.examples_skipped.append(rel)
        elif entry.is_file(follow_symlinks=False) and not rules.skips(  # not a FIFO, device..
            rel, entry.name, directory=False
        ):
            found.paths.append(rel)


def _utf8(name: str) -> bool:
    """Whether a file name is text (the OS hands undecodable bytes over as lone surrogates,
    which nothing downstream can store or show)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _undecodable(rel: str) -> Diagnostic:
    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    message = "file name is not UTF-8; not read"
    return Diagnostic(shown, None, Severity.WARNING, "undecodable-name", message)


def _skipped_link(rel: str) -> Diagnostic:
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
    directory, _, name = rel.rpartition("/")
    if directory and not TEST_DIRS.isdisjoint(directory.split("/")):
        return True
    if name.startswith("test_") or name.endswith(("_test.py", "_pb2.py", "_pb2_grpc.py")):
        return True
    return name in ("conftest.py", "setup.py", "noxfile.py")
