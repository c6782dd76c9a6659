"""The repository's Python sources as one scan reads them: each file read and hashed once,
shared by the engine, the module loader and the cache check.

It also records, for the file being scanned, which other files and which parts of the file
layout its results were computed from (:meth:`SourceFiles.recording`), so a cached result can
be reused exactly while those are unchanged. Where only part of a file was used, only that
part is the dependency: a search of a source root depends on which files match, a module
whose imports were read (text-level reach) on its imports; editing a function body of a
module others import then re-parses none of them.

A rescan need not read and hash a file whose size, modification time and inode are those the
previous scan saw: given that scan's signatures (``known``), :meth:`SourceFiles.digest` answers
from them, as git's index and most build tools do. A file modified within a couple of seconds
of being read is not remembered (the "racy" case: a later edit in the same clock tick would
keep its signature), so it is hashed again next time.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from bisect import bisect_left
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from catalog_api.model import Diagnostic
from scanner.cache import Signature
from scanner.services import MARKERS
from scanner.text_imports import import_digest
from scanner.walk import is_test_or_generated, read_source

# pseudo paths in dependencies: a text search of a directory ("?search:prefix\0limit\0re"),
# the imports of a module (what text-level reach reads of it)
SEARCH_PREFIX = "?search:"
IMPORTS_PREFIX = "?imports:"
NARROW_PREFIXES = (SEARCH_PREFIX, IMPORTS_PREFIX)
# the evaluator's search for the callers of a function, and the names a file calls
_CALL_SEARCH = re.compile(r"\\b(\w+)\\s\*\\\(")
_CALLED = re.compile(r"\b(\w+)\s*\(")
# A search that starts "a call of one of these names" (``\b(?:a|b)\s*\(...``): only files
# calling one of them can match, which the names each file calls tell before any regex.
_CALLS_ANY = re.compile(r"\\b\(\?:(\w+(?:\|\w+)*)\)\\s\*\\\(")
Dependencies = tuple[tuple[str, str | None], ...]  # (path or pseudo path, digest)
RACY_NS = 2_000_000_000  # a file changed this recently may change again unseen in one tick


@dataclass
class Reading:
    """What one file's scan consulted besides its own text."""

    files: set[str] = field(default_factory=set)
    narrow: set[str] = field(default_factory=set)  # searches and imports read (pseudo paths)
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
        self._calls: dict[str, frozenset[str]] = {}
        self._found: dict[str, list[str]] = {}  # search key -> matching files
        self._used_digests: dict[str, str] = {}

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
        """Digest of the set of Python file paths and project markers: what import
        resolution and source roots (widened to the project around a namespace package)
        depend on."""
        if self._layout is None:
            listing = "\n".join(sorted(p for p in self.paths if _in_layout(p)))
            self._layout = hashlib.sha256(listing.encode("utf-8")).hexdigest()
        return self._layout

    def note_layout(self) -> None:
        if self._reading is not None:
            self._reading.layout = True

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

    def search(self, prefix: str, pattern: str, limit: int) -> list[str]:
        """The first ``limit`` source files under ``prefix`` whose text matches the regular
        expression ``pattern``. Recorded as this search, not as every file it read: editing
        a file under ``prefix`` leaves the result true unless it changes what matches (the
        files that match are read by whoever uses them, and recorded then)."""
        key = SEARCH_PREFIX + f"{prefix}\0{limit}\0{pattern}"
        if self._reading is not None:
            self._reading.narrow.add(key)
            self._reading.layout = True  # the prefix (a source root) was chosen from it
        return self._matches(key)

    def note_imports(self, rel: str, digest: str) -> None:
        """Record that only the imports of ``rel`` were read (text-level reach), whose
        :func:`~scanner.text_imports.import_digest` is ``digest``: editing its code
        elsewhere leaves the result true."""
        key = IMPORTS_PREFIX + rel
        self._used_digests.setdefault(key, digest)
        if self._reading is not None:
            self._reading.narrow.add(key)

    # A narrow dependency (a search, a module's imports) is recorded as two digests: of all
    # it looked at (checked cheaply: while it holds, nothing is read) and of what it used.
    def narrow_digest(self, key: str) -> str:
        """The digest a narrow dependency records."""
        return f"{self._looked_at(key)} {self._used(key)}"

    def still_true(self, depends: Dependencies) -> Dependencies | None:
        """``depends`` (a record's dependencies) if every one still has its digest, with
        those of narrow ones whose looked-at part changed recomputed (so the next scan need
        not look again); None as soon as one changed."""
        fresh: list[tuple[str, str | None]] | None = None
        for index, (rel, recorded) in enumerate(depends):
            if not rel.startswith(NARROW_PREFIXES):
                if self.digest(rel) != recorded:
                    return None
                continue
            if recorded is None or " " not in recorded:
                return None
            looked_at, used = recorded.split(" ", 1)
            try:  # the record is untrusted: a malformed key is a changed dependency
                now = self._looked_at(rel)
                if now == looked_at:
                    continue
                if used != self._used(rel):
                    return None
            except (ValueError, re.error):
                return None
            fresh = fresh if fresh is not None else list(depends)
            fresh[index] = (rel, f"{now} {used}")
        return depends if fresh is None else tuple(fresh)

    def _looked_at(self, key: str) -> str:
        if key.startswith(IMPORTS_PREFIX):
            return str(self.digest(key.removeprefix(IMPORTS_PREFIX)))
        return self.root_digest(_search_parts(key)[0])

    def _used(self, key: str) -> str:
        if key not in self._used_digests:  # a module's imports are read for many files
            if key.startswith(IMPORTS_PREFIX):
                used = import_digest(self.text(key.removeprefix(IMPORTS_PREFIX)) or "")
            else:
                found = "\n".join(self._matches(key))
                used = hashlib.sha256(found.encode("utf-8")).hexdigest()
            self._used_digests[key] = used
        return self._used_digests[key]

    def _matches(self, key: str) -> list[str]:
        if key not in self._found:
            prefix, limit, pattern = _search_parts(key)
            files = self.root_files(prefix)[:limit]
            callee = _CALL_SEARCH.fullmatch(pattern)
            if callee is not None:  # "who calls f": one pass per file for every name
                name = callee.group(1)
                self._found[key] = [rel for rel in files if name in self._called(rel)]
            else:
                if (calls := _CALLS_ANY.match(pattern)) is not None:
                    names = frozenset(calls.group(1).split("|"))
                    files = [rel for rel in files if names & self._called(rel)]
                wanted = re.compile(pattern)
                self._found[key] = [
                    rel
                    for rel in files
                    if (text := self.text(rel)) is not None and wanted.search(text)
                ]
        return self._found[key]

    def _called(self, rel: str) -> frozenset[str]:
        """The names called in ``rel`` (``\\bname\\s*\\(`` matches there), read once."""
        found = self._calls.get(rel)
        if found is None:
            text = self.text(rel)
            found = self._calls[rel] = frozenset(_CALLED.findall(text) if text else ())
        return found

    @contextmanager
    def recording(self) -> Iterator[Reading]:
        """Note every file read and every search made inside the block."""
        outer, self._reading = self._reading, Reading()
        try:
            yield self._reading
        finally:
            self._reading = outer


def _search_parts(key: str) -> tuple[str, int, str]:
    prefix, limit, pattern = key.removeprefix(SEARCH_PREFIX).split("\0", 2)
    return prefix, int(limit), pattern


def _in_layout(rel: str) -> bool:
    return rel.endswith(".py") or rel.rsplit("/", 1)[-1] in MARKERS


def _signature(stat: tuple[int, int, int] | None) -> str:
    return "" if stat is None else f"{stat[0]}:{stat[1]}:{stat[2]}"
