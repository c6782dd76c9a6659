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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from catalog_api.model import Diagnostic, Severity
from scanner.cache import FileFactsCache, cache_key
from scanner.detectors import REGISTRY
from scanner.detectors.base import Detector
from scanner.evaluate import Evaluator
from scanner.facts import FactsError, FileFacts, decode, encode
from scanner.findings import Finding, ModuleImport
from scanner.modules import ModuleLoader
from scanner.sources import ROOT_PREFIX, SourceFiles
from scanner.traverse import walk

Progress = Callable[[int, int], None]
_ROOTS = re.compile(r"\b(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([^\n;#]+))")
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w.]*))", re.M
)


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
    sources = SourceFiles(root, all_paths)
    imports: dict[str, list[ModuleImport]] = {}
    wanted: list[str] = []
    markers = frozenset().union(*(d.markers() for d in detectors))  # cheap first test
    for rel in paths:
        text, problem, _ = sources.read(rel)
        if problem is not None:
            result.diagnostics.append(problem)
        if text is not None:
            imports[rel] = module_imports(rel, text)
            if any(word in text for word in markers) and _wanted(text, detectors):
                wanted.append(rel)
    facts = _cached(sources, wanted, cache)
    result.cached = len(facts)
    missing = [rel for rel in wanted if rel not in facts]
    result.parsed = len(missing)
    counter = _Counter(len(paths), progress)
    counter.advance(len(paths) - len(missing))  # read, and either not wanted or cached
    fresh = scan_in_workers(
        root, all_paths, missing, detectors, workers, sources, on_done=counter.advance
    )
    for one in fresh:
        facts[one.path] = one
        if cache is not None:
            cache.put(one.path, cache_key(one.digest), encode(one))
    for rel in paths:
        result.findings.extend(imports.get(rel, ()))
        if rel in facts:
            result.findings.extend(facts[rel].findings)
            result.diagnostics.extend(facts[rel].diagnostics)
    return result


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
    sources: SourceFiles, wanted: Sequence[str], cache: FileFactsCache | None
) -> dict[str, FileFacts]:
    """The records of ``wanted`` files the cache holds and that are still true."""
    found: dict[str, FileFacts] = {}
    if cache is None:
        return found
    for rel in wanted:
        digest = sources.digest(rel)
        data = cache.get(rel, cache_key(digest)) if digest is not None else None
        if data is None:
            continue
        try:
            facts = decode(data)
        except FactsError:
            continue  # corrupt or foreign bytes: scan the file again
        if facts.path == rel and facts.digest == digest and _still_true(sources, facts):
            found[rel] = facts
    return found


def _still_true(sources: SourceFiles, facts: FileFacts) -> bool:
    if facts.layout is not None and facts.layout != sources.layout():
        return False
    return all(sources.digest(rel) == digest for rel, digest in facts.depends)


def scan_files(
    loader: ModuleLoader,
    evaluator: Evaluator,
    paths: Sequence[str],
    detectors: Sequence[type[Detector]],
    on_done: Callable[[int], None] | None = None,
) -> list[FileFacts]:
    """Scan each file with one loader (modules parsed once, shared between files)."""
    found = []
    for rel in paths:
        found.append(scan_file(loader, evaluator, rel, detectors))
        if on_done is not None:
            on_done(1)
    return found


def scan_file(
    loader: ModuleLoader,
    evaluator: Evaluator,
    rel: str,
    detectors: Sequence[type[Detector]],
) -> FileFacts:
    """One file's record: findings, the diagnostics of every module it needed, and what the
    results were computed from."""
    sources = loader.sources
    text, _, digest = sources.read(rel)
    problems: list[Diagnostic] = []
    with sources.recording() as reading:
        found = _scan_file(loader, evaluator, rel, text or "", detectors, problems)
    consulted = sorted(reading.files - {rel})
    depends = [(p, sources.digest(p)) for p in consulted]
    depends += [(ROOT_PREFIX + r, sources.root_digest(r)) for r in sorted(reading.roots)]
    failures = [loader.failures[p] for p in sorted(reading.files) if p in loader.failures]
    return FileFacts(
        rel,
        digest or "",
        tuple(found),
        (*failures, *problems),
        tuple(depends),
        sources.layout() if reading.layout else None,
    )


def _wanted(text: str, detectors: Sequence[type[Detector]]) -> bool:
    roots = imported_roots(text)
    return any(d.may_want(text, roots) for d in detectors)


def imported_roots(text: str) -> frozenset[str]:
    """Top-level modules the text imports, read without parsing: a generous reading (an
    import inside a string counts too) so no file that imports something is missed."""
    found = set()
    for match in _ROOTS.finditer(text):
        if match.group(1):
            found.add(match.group(1))
            continue
        for piece in match.group(2).split(","):
            words = piece.split()
            if words:
                found.add(words[0].split(".", 1)[0].strip("()\\"))
    return frozenset(found)


def module_imports(rel: str, text: str) -> list[ModuleImport]:
    """Absolute imports, read with a line-anchored pattern (no parse needed), so imports of
    another service's code are seen even in files no detector wants."""
    found = []
    for match in _IMPORT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append(ModuleImport(rel, line, match.group(1) or match.group(2)))
    return found


def _scan_file(
    loader: ModuleLoader,
    evaluator: Evaluator,
    rel: str,
    text: str,
    detectors: Sequence[type[Detector]],
    problems: list[Diagnostic],
) -> list[Finding]:
    ctx = loader.load(rel, text)
    if ctx is None:
        return []
    active = [d(ctx, evaluator) for d in detectors if d.wants(ctx.index)]
    if not active:
        return []
    try:
        walk(ctx.module, active)
    except Exception as exc:
        # a detector bug must cost one file, never the scan; the message names the bug
        message = f"detector failed: {type(exc).__name__}: {exc}"
        problems.append(Diagnostic(rel, None, Severity.ERROR, "detector-error", message))
        return []
    return [finding for detector in active for finding in detector.findings]
