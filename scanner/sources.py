"""The repository's Python sources as one scan reads them: each file read and hashed once,
shared by the engine, the module loader and the cache check.

It also records, for the file being scanned, which other files and which parts of the file
layout its results were computed from (:meth:`SourceFiles.recording`), so a cached result can
be reused exactly while those are unchanged.

A rescan need not read and hash a file whose size, modification time and inode are those the
previous scan saw: given that scan's signatures (``known``), :meth:`SourceFiles.digest` answers
from them, as git's index and most build tools do. A file modified within a couple of seconds
of being read is not remembered (the "racy" case: a later edit in the same clock tick would
keep its signature), so it is hashed again next time.
"""

from __future__ import annotations

import hashlib
import os
import time
from bisect import bisect_left
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from catalog_api.model import Diagnostic
from scanner.cache import Signature
from scanner.walk import is_test_or_generated, read_source

ROOT_PREFIX = "?root:"  # a pseudo path in dependencies: every source file under a directory
RACY_NS = 2_000_000_000  # a file changed this recently may change again unseen in one tick


@dataclass
class Reading:
    """What one file's scan consulted besides its own text."""

    files: set[str] = field(default_factory=set)
    roots: set[str] = field(default_factory=set)  # directory prefixes searched
    layout: bool = False


class SourceFiles:
    """Texts and sha256 digests of a repository's files, read on first use."""

    def __init__(
        self, root: Path, paths: Collection[str], known: Mapping[str, Signature] | None = None
    ) -> None:
        self.root = root
        self.paths = frozenset(paths)
        self._known = known or {}
        self.signatures: dict[str, Signature] = {}  # to remember for the next scan
        self._racy_after = time.time_ns() - RACY_NS
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
            self._read_now(rel)
        return self._read[rel]

    def note(self, rel: str) -> None:
        """Record ``rel`` as consulted (a module already parsed is used again)."""
        if self._reading is not None:
            self._reading.files.add(rel)

    def text(self, rel: str) -> str | None:
        """The text of ``rel`` without recording it (searches are recorded as a whole)."""
        if rel not in self._read:
            self._read_now(rel)
        return self._read[rel][0]

    def digest(self, rel: str) -> str | None:
        """The sha256 of ``rel``'s bytes: from the previous scan's signature when the file's
        stat still matches it, else by reading the file."""
        if rel.startswith(ROOT_PREFIX):
            return self.root_digest(rel.removeprefix(ROOT_PREFIX))
        if rel in self._read:
            return self._read[rel][2]
        confirmed = self.signatures.get(rel)
        if confirmed is not None:
            return confirmed[1]
        known = self._known.get(rel)
        if known is not None and _signature(self._stat(rel)) == known[0]:
            self.signatures[rel] = known
            return known[1]
        return self._read_now(rel)[2]

    def _read_now(self, rel: str) -> tuple[str | None, Diagnostic | None, str | None]:
        stat = self._stat(rel)
        found = self._read[rel] = read_source(self.root, rel)
        text, problem, digest = found
        settled = stat is not None and stat[1] < self._racy_after
        if settled and text is not None and problem is None and digest is not None:
            self.signatures[rel] = (_signature(stat), digest)
        return found

    def _stat(self, rel: str) -> tuple[int, int, int] | None:
        # os.stat on a joined string: a Path per file was a tenth of a rescan
        try:
            st = os.stat(f"{self.root}/{rel}")  # noqa: PTH116
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns, st.st_ino

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


def _signature(stat: tuple[int, int, int] | None) -> str:
    return "" if stat is None else f"{stat[0]}:{stat[1]}:{stat[2]}"
