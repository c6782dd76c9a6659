"""Where a cold scan's time goes: exclusive seconds per stage of the scanner.

The scanner's stage functions are wrapped (in this process only; the scanner's code is not
touched) with a stack of timers, so each second is charged to exactly one stage: time spent
resolving metadata inside a detector's traversal counts as metadata, not traversal, and a
module parsed because the evaluator followed an import counts as parse. Stages whose
function no longer exists in the scanner are skipped and listed, so the breakdown keeps
working while the scanner changes; ``--cprofile FILE`` also writes a cProfile dump for
function-level detail (with cProfile's overhead on the totals).

The scan runs with ``workers=1`` when the scanner takes that option, so every stage is
timed in this one process. Run: ``python benchmarks/scan_profile.py REPO``
(``scan_speed.py --profile`` runs it for you on the synthetic repository);
``--cache DB`` profiles a rescan instead, with the cache in that database (as an earlier
scan left it: a warm rescan when nothing changed since).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (stage, module, attribute): the attribute is replaced by a timed wrapper. Where a function
# is imported by name into another module, the importing module's binding is the one patched.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("walk", "scanner.scan", "walk"),
    ("config (compose, env, YAML)", "scanner.scan", "read_config"),
    ("plugin detectors lookup", "scanner.scan", "plugin_detectors"),
    ("read + decode + hash files", "scanner.sources", "SourceFiles.read"),
    ("read + decode + hash files", "scanner.sources", "SourceFiles.digest"),
    ("pre-filter: import regex", "scanner.text_imports", "import_lines"),
    ("cache lookup", "scanner.engine", "_cached"),
    ("cache lookup: decode records", "scanner.engine", "decode"),
    ("cache lookup: check dependencies", "scanner.sources", "SourceFiles.still_true"),
    ("facts encoding (for the cache)", "scanner.engine", "encode"),
    ("libcst parse", "libcst", "parse_module"),
    ("symbol index", "scanner.modules", "build_index"),
    ("qualified names (import table)", "scanner.modules", "qualified_names"),
    ("positions (code generation)", "libcst.metadata", "PositionProvider._gen_impl"),
    ("metadata (MetadataWrapper.resolve)", "libcst.metadata", "MetadataWrapper.resolve"),
    ("detector traversal", "scanner.engine", "walk"),
    ("related-module search (regex)", "scanner.modules", "ModuleLoader.related"),
    ("kubernetes", "scanner.scan", "kubernetes_services"),
    ("assembly", "scanner.scan", "assemble"),
    ("assembly: ownership", "scanner.assemble", "assign_services"),
    ("git commit", "scanner.scan", "head_commit"),
)
REST = "other (engine loop, marker pre-filter, dependency records, glue)"


class StageClock:
    """Charges wall time to the innermost running stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[str] = [REST]
        self._mark = time.perf_counter()

    def _switch(self) -> None:
        now = time.perf_counter()
        top = self._stack[-1]
        self.seconds[top] = self.seconds.get(top, 0.0) + now - self._mark
        self._mark = now

    def wrap(self, stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._switch()
            self._stack.append(stage)
            self.calls[stage] = self.calls.get(stage, 0) + 1
            try:
                return func(*args, **kwargs)
            finally:
                self._switch()
                self._stack.pop()

        return timed

    def finish(self) -> None:
        self._switch()


def install(clock: StageClock) -> list[str]:
    """Wrap every stage that exists; returns the stages that could not be found."""
    missing = []
    for stage, module_name, attribute in STAGES:
        module: Any = importlib.import_module(module_name)
        owner_name, _, name = attribute.rpartition(".")
        owner = getattr(module, owner_name, None) if owner_name else module
        func = getattr(owner, name, None) if owner is not None else None
        if func is None:
            missing.append(f"{module_name}.{attribute}")
            continue
        setattr(owner, name, clock.wrap(stage, func))
    return missing


def profile(
    repo: Path, cprofile_out: Path | None = None, cache_db: Path | None = None
) -> dict[str, object]:
    """Scan ``repo`` under the stage clock (cold, or a rescan with the cache in
    ``cache_db``); seconds per stage and the total."""
    import inspect

    from scan_cache import cache_argument

    import scanner.scan

    # one process, so every stage runs under this clock (parallel workers would hide them)
    parameters = inspect.signature(scanner.scan.scan_repository).parameters
    options: dict[str, Any] = {"workers": 1} if "workers" in parameters else {}
    finish: Callable[[], None] | None = None
    if cache_db is not None:
        cache, _, finish = cache_argument(cache_db, repo)
        options.update(cache)
    clock = StageClock()
    missing = install(clock)
    profiler = None
    if cprofile_out is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    clock._mark = started
    scanner.scan.scan_repository(repo, **options)
    if finish is not None:
        finish()  # the cache's write-back, part of a rescan
    clock.finish()
    total = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(cprofile_out))
    return {"total": total, "seconds": clock.seconds, "calls": clock.calls, "missing": missing}


def table(result: dict[str, Any]) -> list[str]:
    """Markdown rows, largest stage first."""
    total = result["total"]
    rows = ["| stage | seconds | share | calls |", "|---|---:|---:|---:|"]
    for stage, seconds in sorted(result["seconds"].items(), key=lambda kv: -kv[1]):
        calls = result["calls"].get(stage, "")
        rows.append(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} | {calls} |")
    rows.append(f"| **total** | {total:.2f} | 100% | |")
    if result["missing"]:
        rows += ["", f"Not found in the scanner (not timed): {', '.join(result['missing'])}."]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile dump here")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--cache", type=Path, help="profile a rescan with this cache database")
    args = parser.parse_args()
    result = profile(args.repo, args.cprofile, args.cache)
    if args.json:
        print(json.dumps(result))
        return
    print("\n".join(table(result)))


if __name__ == "__main__":
    main()
