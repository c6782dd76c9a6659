"""``scan_repository``: walk, read configuration, scan Python, assemble. The one place that
wires the scanner's parts together."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import Diagnostic, ScanInfo, Severity
from scanner.assemble import Inputs, assemble
from scanner.cache import FileFactsCache
from scanner.config.kubernetes import kubernetes_services
from scanner.config.repository import read_config
from scanner.detectors import REGISTRY, plugin_detectors
from scanner.engine import scan_python
from scanner.gitinfo import head_commit
from scanner.walk import RepoFiles, WalkRules, is_test_or_generated, walk

TOOL_VERSION = "servicemap-scanner 0.1.0"


def scan_repository(
    root: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cache: FileFactsCache | None = None,
    workers: int | None = None,
    exclude: Sequence[str] = (),
    include_examples: bool = False,
) -> ServiceGraph:
    """Scan the repository at ``root`` into a graph; problems become its diagnostics.

    ``cache`` keeps per-file results between scans; ``workers`` is the number of processes
    parsing files (None: as many as the cores when there are enough files); ``exclude`` and
    ``include_examples``: see :class:`~scanner.walk.WalkRules`."""
    files = _files(root, WalkRules(tuple(exclude), include_examples))
    config = read_config(root, files)
    python = [p for p in files.with_suffix(".py") if not is_test_or_generated(p)]
    plugins, plugin_problems = plugin_detectors()
    detectors = [*REGISTRY, *plugins]
    scanned = scan_python(
        root,
        python,
        files.paths,
        detectors=detectors,
        progress=progress,
        cache=cache,
        workers=workers,
    )
    k8s = kubernetes_services(config.yaml_docs, frozenset(files.paths))
    root_name = root.resolve().name
    inputs = Inputs(root_name, frozenset(files.paths), config, scanned.findings, k8s.services, root)
    graph = assemble(inputs)
    graph.add_diagnostics(
        [*files.diagnostics, *config.diagnostics, *scanned.diagnostics, *k8s.diagnostics]
    )
    graph.add_diagnostics(
        Diagnostic("", None, Severity.ERROR, "plugin-error", problem) for problem in plugin_problems
    )
    time = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    graph.info = ScanInfo(str(root), head_commit(root), time, TOOL_VERSION)
    return graph


def _files(root: Path, rules: WalkRules) -> RepoFiles:
    """The files to scan. Example directories are left out, with a note, unless they are
    all the repository holds (then they are what the user wants mapped)."""
    files = walk(root, rules)
    if not files.examples_skipped:
        return files
    if not any(p.endswith((".py", ".yml", ".yaml")) for p in files.paths):
        return walk(root, WalkRules(rules.exclude, examples=True))
    message = "example code is not part of the system; not scanned (see --include-examples)"
    files.diagnostics.extend(
        Diagnostic(rel, None, Severity.INFO, "examples-skipped", message)
        for rel in files.examples_skipped
    )
    return files
