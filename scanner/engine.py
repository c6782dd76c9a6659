"""The Python scanning engine: each file parsed once, every active detector run in one
traversal (as Fixit's engine does).

Files whose text mentions none of the detectors' marker words are never parsed. A parsed
module is wrapped with ``MetadataWrapper(module, unsafe_skip_copy=True)`` and only the
metadata detectors use (qualified names, positions) is resolved. Scanned code is never
imported or executed; a file that does not parse becomes a diagnostic and the scan goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from catalog_api.model import Diagnostic, Severity
from scanner.detectors import REGISTRY
from scanner.detectors.base import Detector
from scanner.evaluate import Evaluator
from scanner.findings import Finding, ModuleImport
from scanner.modules import ModuleLoader
from scanner.walk import read_text

Progress = Callable[[int, int], None]
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w.]*))", re.M
)


@dataclass
class PythonScan:
    """Findings and diagnostics from every Python file of a repository."""

    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def scan_python(
    root: Path,
    paths: Sequence[str],
    all_paths: Sequence[str],
    *,
    detectors: Sequence[type[Detector]] = REGISTRY,
    progress: Progress | None = None,
) -> PythonScan:
    """Run ``detectors`` over the Python files ``paths`` (repository-relative)."""
    result = PythonScan()
    loader = ModuleLoader(root, all_paths)
    evaluator = Evaluator(loader)
    markers = frozenset().union(*(d.markers() for d in detectors))
    for done, rel in enumerate(paths, start=1):
        text, problem = read_text(root, rel)
        if problem is not None:
            result.diagnostics.append(problem)
        if text is not None:
            result.findings.extend(module_imports(rel, text))
        if text is not None and any(word in text for word in markers):
            result.findings.extend(_scan_file(loader, evaluator, rel, text, detectors))
        if progress is not None:
            progress(done, len(paths))
    result.diagnostics.extend(loader.diagnostics)
    return result


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
) -> list[Finding]:
    ctx = loader.load(rel, text)
    if ctx is None:
        return []
    active = [d(ctx, evaluator) for d in detectors if d.wants(ctx.index)]
    if not active:
        return []
    try:
        cst.visit_batched(ctx.module, active)
    except Exception as exc:
        # a detector bug must cost one file, never the scan; the message names the bug
        message = f"detector failed: {type(exc).__name__}: {exc}"
        loader.diagnostics.append(Diagnostic(rel, None, Severity.ERROR, "detector-error", message))
        return []
    return [finding for detector in active for finding in detector.findings]
