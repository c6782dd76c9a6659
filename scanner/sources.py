"""The repository's Python sources as one scan reads them: each file read and hashed once,
shared by the engine, the module loader and the cache check.

It also records, for the file being scanned, which other files and which parts of the file
layout its results were computed from (:meth:`SourceFiles.recording`), so a cached result can
be reused exactly while those are unchanged.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from catalog_api.model import Diagnostic
from scanner.walk import is_test_or_generated, read_source

ROOT_PREFIX = "?root:"  # a pseudo path in dependencies: every source file under a directory


@dataclass
class Reading:
    """What one file's scan consulted besides its own text."""

    files: set[str] = field(default_factory=set)
    roots: set[str] = field(default_factory=set)  # directory prefixes searched
    layout: bool = False


class SourceFiles:
    """Texts and sha256 digests of a repository's files, read on first use."""

    def __init__(self, root: Path, paths: Collection[str]) -> None:
        self.root = root
        self.paths = frozenset(paths)
        self._read: dict[str, tuple[str | None, Diagnostic | None, str | None]] = {}
        self._layout: str | None = None
        self._reading: Reading | None = None
        self._sources: list[str] | None = None
        self._roots: dict[str, str] = {}

    def read(self, rel: str) -> tuple[str | None, Diagnostic | None, str | None]:
        """(text, problem, digest) of ``rel``; noted as a dependency while recording."""
        if self._reading is not None:
            self._reading.files.add(rel)
        if rel not in self._read:
            self._read[rel] = read_source(self.root, rel)
        return self._read[rel]

    def note(self, rel: str) -> None:
        """Record ``rel`` as consulted (a module already parsed is used again)."""
        if self._reading is not None:
            self._reading.files.add(rel)

    def text(self, rel: str) -> str | None:
        """The text of ``rel`` without recording it (searches are recorded as a whole)."""
        if rel not in self._read:
            self._read[rel] = read_source(self.root, rel)
        return self._read[rel][0]

    def digest(self, rel: str) -> str | None:
        if rel.startswith(ROOT_PREFIX):
            return self.root_digest(rel.removeprefix(ROOT_PREFIX))
        if rel not in self._read:
            self._read[rel] = read_source(self.root, rel)
        return self._read[rel][2]

    def layout(self) -> str:
        """Digest of the set of Python file paths: what import resolution depends on."""
        if self._layout is None:
            listing = "\n".join(sorted(p for p in self.paths if p.endswith(".py")))
            self._layout = hashlib.sha256(listing.encode("utf-8")).hexdigest()
        return self._layout

    def note_layout(self) -> None:
        if self._reading is not None:
            self._reading.layout = True

    def note_root(self, prefix: str) -> None:
        if self._reading is not None:
            self._reading.roots.add(prefix)

    def root_files(self, prefix: str) -> list[str]:
        """The non-test Python files under the directory ``prefix`` ("" for the root)."""
        if self._sources is None:
            self._sources = sorted(
                p for p in self.paths if p.endswith(".py") and not is_test_or_generated(p)
            )
        start = bisect_left(self._sources, prefix)
        end = start
        while end < len(self._sources) and self._sources[end].startswith(prefix):
            end += 1
        return self._sources[start:end]

    def root_digest(self, prefix: str) -> str:
        """One digest over every source file under ``prefix``: a search there is still valid
        while this is unchanged."""
        if prefix not in self._roots:
            joined = "\n".join(f"{p}:{self.digest(p)}" for p in self.root_files(prefix))
            self._roots[prefix] = hashlib.sha256(joined.encode("utf-8")).hexdigest()
        return self._roots[prefix]

    @contextmanager
    def recording(self) -> Iterator[Reading]:
        """Note every file read and every search made inside the block."""
        outer, self._reading = self._reading, Reading()
        try:
            yield self._reading
        finally:
            self._reading = outer
