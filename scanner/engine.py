"""The Python scanning engine: each file parsed once, every active detector run in one
traversal (as Fixit's engine does), results kept per file.

A file is parsed only when a detector may want it (:meth:`Detector.may_want`: it imports
one of the detector's libraries or holds one of its marker words); modules the evaluator
needs (a settings module) are parsed when followed. Qualified
names come from each module's own import table and positions are computed only for modules
that report something. A file's results are a :class:`~scanner.facts.FileFacts` record:
reused from the cache while the file and everything it was computed from are unchanged,
otherwise computed here or, for many files, by worker processes (:mod:`scanner.workers`).
Scanned code is never imported or executed; a file that does not parse becomes a diagnostic
and the scan goes on.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from catalog_api.model import Diagnostic, Severity
from scanner.cache import FileFactsCache, cache_key, load_signatures, save_signatures
from scanner.detectors import REGISTRY
from scanner.detectors.base import Detector
from scanner.evaluate import Evaluator
from scanner.facts import FactsError, FileFacts, decode, encode
from scanner.findings import Finding, ModuleImport
from scanner.modules import ModuleLoader
from scanner.reach import Reach
from scanner.sources import (
    IMPORTS_PREFIX,
    Dependencies,
    Reading,
    SourceFiles,
)
from scanner.text_imports import import_lines, imported_roots, local_module_names
from scanner.traverse import walk

Progress = Callable[[int, int], None]


@dataclass
class PythonScan:
    """Findings and diagnostics from every Python file of a repository."""

    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cached: int = 0  # files whose results came from the cache
    parsed: int = 0  # files scanned this time


def scan_python(
    root: Path,
    paths: Sequence[str],
    all_paths: Sequence[str],
    *,
    detectors: Sequence[type[Detector]] = REGISTRY,
    progress: Progress | None = None,
    cache: FileFactsCache | None = None,
    workers: int | None = 1,
) -> PythonScan:
    """Run ``detectors`` over the Python files ``paths`` (repository-relative)."""
    from scanner.workers import scan_in_workers

    result = PythonScan()
    known = load_signatures(cache)
    sources = SourceFiles(root, all_paths, known)
    counter = _Counter(len(paths), progress)
    facts: dict[str, FileFacts] = {}
    imports: dict[str, tuple[tuple[int, str], ...]] = {}
    with _collector_paused():
        # files to parse go to the workers as they are found: the reading and sorting of
        # the rest goes on meanwhile
        missing = _reuse_or_sort(sources, paths, detectors, cache, result, facts, imports)
        missing = _counted(missing, counter, facts)
        fresh = scan_in_workers(
            root, all_paths, missing, detectors, workers, sources, on_done=counter.advance
        )
    result.parsed = len(fresh)
    for one in fresh:
        facts[one.path] = dataclasses.replace(one, imports=imports[one.path])
        _put(cache, facts[one.path])
    save_signatures(cache, sources.signatures, known)
    local = local_module_names(sources.paths)
    with _collector_paused():
        for rel in paths:
            if rel in facts:
                found = facts[rel]
                result.findings.extend(  # only imports of the repository's own code make edges
                    ModuleImport(rel, line, name)
                    for line, name in found.imports
                    if name.split(".", 1)[0] in local
                )
                result.findings.extend(found.findings)
                result.diagnostics.extend(found.diagnostics)
    return result


def _reuse_or_sort(
    sources: SourceFiles,
    paths: Sequence[str],
    detectors: Sequence[type[Detector]],
    cache: FileFactsCache | None,
    result: PythonScan,
    facts: dict[str, FileFacts],
    imports: dict[str, tuple[tuple[int, str], ...]],
) -> Iterator[str]:
    """Each file's record: reused from the cache, or (no detector wants the file) made from
    its text, into ``facts``; the files to parse are yielded, in order, as they are found
    (``imports`` gets the imports of every file read)."""
    markers = _fewest(frozenset().union(*(d.markers() for d in detectors)))
    reach: Reach | None = None
    for rel in paths:
        digest = sources.digest(rel)  # an unchanged file is not even read
        cached = _cached(sources, rel, digest, cache) if digest is not None else None
        if cached is not None:
            facts[rel] = cached
            result.cached += 1
            continue
        text, problem, digest = sources.read(rel)
        if problem is not None:
            result.diagnostics.append(problem)
        if text is None or digest is None:
            continue
        imports[rel] = import_lines(text)
        if any(word in text for word in markers) and _wanted(text, detectors):
            yield rel
            continue
        reach = reach or Reach(ModuleLoader(sources.root, sources.paths, sources))
        with sources.recording() as reading:
            through = reach.roots(rel, text)  # a client built in a module it imports
        if through and _wanted(text, detectors, through):
            yield rel
            continue
        depends = _depends(sources, reading, rel)
        layout = sources.layout() if reading.layout else None
        facts[rel] = FileFacts(rel, digest, (), (), depends, layout, imports[rel], parsed=False)
        _put(cache, facts[rel])


def _counted(
    missing: Iterator[str], counter: _Counter, facts: dict[str, FileFacts]
) -> Iterator[str]:
    """``missing`` as it is, reporting progress for the files sorted out before each one
    (cached, or wanted by no detector); parsed files report as workers finish them."""
    reported = 0
    for rel in missing:
        counter.advance(len(facts) - reported)
        reported = len(facts)
        yield rel
    counter.advance(len(facts) - reported)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Thousands of cached records decoded make only acyclic objects, yet set off the cyclic
    collector hundreds of times over everything alive (a tenth of a rescan). Paused, and
    what the block made is then moved to the oldest generation (freeze, unfreeze): the
    young ones are not scanned through it all again; it is collected as usual later."""
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        if not frozen:  # unfreeze would thaw what the application froze (pre-fork servers)
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


class _Counter:
    """Reports ``progress(done, total)`` once per file, as files are finished."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def advance(self, files: int) -> None:
        if self.progress is None:
            return
        for _ in range(files):
            self.done += 1
            self.progress(self.done, self.total)


def _cached(
    sources: SourceFiles, rel: str, digest: str, cache: FileFactsCache | None
) -> FileFacts | None:
    """The cache's record of ``rel`` if it is for this content and still true."""
    data = cache.get(rel, cache_key(digest)) if cache is not None else None
    if data is None:
        return None
    try:
        facts = decode(data)
    except FactsError:
        return None  # corrupt or foreign bytes: read the file again
    if facts.path != rel or facts.digest != digest:
        return None
    if facts.layout is not None and facts.layout != sources.layout():
        return None
    depends = sources.still_true(facts.depends)
    if depends is None:
        return None
    if depends is not facts.depends:  # what a narrow dependency looked at has changed
        facts = dataclasses.replace(facts, depends=depends)
        _put(cache, facts)
    return facts


def _put(cache: FileFactsCache | None, facts: FileFacts) -> None:
    if cache is not None:
        cache.put(facts.path, cache_key(facts.digest), encode(facts))


def _fewest(markers: frozenset[str]) -> frozenset[str]:
    """The marker words without those containing another (``psycopg`` covers
    ``psycopg2``): each is one scan of every file's text."""
    return frozenset(w for w in markers if not any(o != w and o in w for o in markers))


def scan_files(
    loader: ModuleLoader,
    evaluator: Evaluator,
    paths: Sequence[str],
    detectors: Sequence[type[Detector]],
    on_done: Callable[[int], None] | None = None,
) -> list[FileFacts]:
    """Scan each file with one loader (modules parsed once, shared between files)."""
    found = []
    reach = Reach(loader)
    for rel in paths:
        found.append(scan_file(loader, evaluator, rel, detectors, reach))
        if on_done is not None:
            on_done(1)
    return found


def scan_file(
    loader: ModuleLoader,
    evaluator: Evaluator,
    rel: str,
    detectors: Sequence[type[Detector]],
    reach: Reach | None = None,
) -> FileFacts:
    """One file's record: findings, the diagnostics of every module it needed, and what the
    results were computed from."""
    sources = loader.sources
    text, _, digest = sources.read(rel)
    problems: list[Diagnostic] = []
    reach = reach or Reach(loader)
    with sources.recording() as reading:
        found = _scan_file(loader, evaluator, reach, rel, text or "", detectors, problems)
    depends = _depends(sources, reading, rel)
    failures = [loader.failures[p] for p in sorted(reading.files) if p in loader.failures]
    return FileFacts(
        rel,
        digest or "",
        tuple(found),
        (*failures, *problems),
        depends,
        sources.layout() if reading.layout else None,
    )


def _depends(sources: SourceFiles, reading: Reading, rel: str) -> Dependencies:
    """What ``rel``'s results were computed from, with the digests to check it by."""
    depends = [(p, sources.digest(p)) for p in sorted(reading.files - {rel})]
    # no narrow dependency on a file whose whole text was read
    narrow = reading.narrow - {IMPORTS_PREFIX + p for p in reading.files | {rel}}
    depends += [(key, sources.narrow_digest(key)) for key in sorted(narrow)]
    return tuple(depends)


def _wanted(
    text: str, detectors: Sequence[type[Detector]], through: frozenset[str] = frozenset()
) -> bool:
    """Whether a detector may want the file: by its own imports and text, or by the
    libraries it reaches ``through`` the repository's modules it imports."""
    roots = imported_roots(text) | through
    return any(d.may_want(text, roots) for d in detectors)


def _scan_file(
    loader: ModuleLoader,
    evaluator: Evaluator,
    reach: Reach,
    rel: str,
    text: str,
    detectors: Sequence[type[Detector]],
    problems: list[Diagnostic],
) -> list[Finding]:
    ctx = loader.load(rel, text)
    if ctx is None:
        return []
    index = ctx.index
    through = reach.roots(rel, text)  # libraries behind the repository modules it imports
    if through - index.imported_roots:
        index = dataclasses.replace(index, imported_roots=index.imported_roots | through)
    active = [d(ctx, evaluator) for d in detectors if d.wants(index)]
    if not active:
        return []
    try:
        walk(ctx.module, active)
    except Exception as exc:
        # a detector bug must cost one file, never the scan; the message names the bug
        message = f"detector failed: {type(exc).__name__}: {exc}"
        problems.append(Diagnostic(rel, None, Severity.ERROR, "detector-error", message))
        return []
    problems.extend(d for detector in active for d in detector.diagnostics)
    return [finding for detector in active for finding in detector.findings]
