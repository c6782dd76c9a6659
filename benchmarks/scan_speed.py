"""Static scan benchmark: servicemap's scanner against the ``ast.parse`` floor on a synthetic
monorepo of realistic shape.

Generates (once, then reused from ``--cache-dir``) the repository described in
:mod:`synthetic_repo`, then measures, each phase in a fresh Python process on this machine:

- ``floor``: walk the tree, read and ``ast.parse`` every ``.py`` file, one process;
- ``cold``: ``scanner.scan_repository`` with an empty cache;
- ``warm``: the same scan again, nothing changed, same cache;
- ``one changed``: the same scan after one I/O module was edited (a function with one more
  HTTP call appended; the file is restored afterwards).

For each: wall and CPU seconds of the measured call (CPU includes reaped worker processes),
the process's peak RSS (``ru_maxrss``) and the whole process's wall time (interpreter start
and imports included). Targets (issue 4): cold <= 3x floor, warm < cold / 10, one changed
file < 1 s. The figures replace the ``## Static scan`` section of BENCHMARKS.md (other
sections are kept) unless ``--no-write``.

Cache hook: :mod:`scan_cache` finds the cache parameter of ``scanner.scan_repository``
through ``inspect.signature`` and passes it a cache on a database in the work folder; while
the scanner has none, warm and one-changed are full rescans and the table says so. Cold
always starts from a fresh, empty cache database.

Run: ``python benchmarks/scan_speed.py --profile`` (1,000,000 lines, 300 services; about
25 minutes on 2 shared cores today); quick: ``python benchmarks/scan_speed.py --lines 100000
--no-write`` (``--services`` defaults to 300 per million lines, so a smaller run keeps the
same shape: files per service and share of I/O files). ``--profile`` adds the stage
breakdown of :mod:`scan_profile` to the output and the section.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scan_cache import cache_argument, cache_hook
from synthetic_repo import RepoParams, ensure_repo

PHASES = ("floor", "cold", "warm", "one-changed")
LABELS = {"floor": "floor: ast.parse", "cold": "cold scan", "warm": "warm rescan"}
BENCHMARKS_MD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
SECTION = "## Static scan"


# -- child side: one phase per process --------------------------------------------------------
def floor(repo: Path) -> dict[str, object]:
    files = lines = 0
    for dirpath, _, names in os.walk(repo):
        for name in names:
            if name.endswith(".py"):
                source = Path(dirpath, name).read_bytes()
                ast.parse(source, name)
                files += 1
                lines += source.count(b"\n")
    return {"files": files, "lines": lines}


def scan(repo: Path, db_path: Path, out: Path) -> dict[str, object]:
    import scanner
    import scanner.scan  # the lazy import, outside the timed call
    from catalog_api import graph_json

    kwargs, passed, finish = cache_argument(db_path, repo)
    started = _clock()
    graph = scanner.scan_repository(repo, **kwargs)  # type: ignore[arg-type]
    finish()  # the cache's own write-back, as the CLI does it after a scan
    stopped = _clock()
    out.write_text(graph_json.dumps(graph))
    return {
        "timed": [stopped[0] - started[0], stopped[1] - started[1]],
        "nodes": len(graph.nodes()),
        "edges": len(graph.edges()),
        "diagnostics": len(graph.diagnostics),
        "cache": passed,
    }


def _clock() -> tuple[float, float]:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return time.perf_counter(), cpu


def child(phase: str, repo: Path, db_path: Path, out: Path) -> None:
    if phase == "floor":
        started = _clock()
        result = floor(repo)
        stopped = _clock()
        result["timed"] = [stopped[0] - started[0], stopped[1] - started[1]]
    else:
        result = scan(repo, db_path, out)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mib"] = own / 1024
    result["worker_peak_mib"] = workers / 1024
    print(json.dumps(result))


# -- parent side -------------------------------------------------------------------------------
@dataclass
class Measured:
    """One phase's figures."""

    phase: str
    wall: float
    cpu: float
    peak_mib: float
    worker_peak_mib: float
    process_wall: float
    extra: dict[str, Any]


def run_phase(phase: str, repo: Path, db_path: Path, out: Path) -> Measured:
    command = [sys.executable, __file__, "--phase", phase, "--repo", str(repo)]
    command += ["--db", str(db_path), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    process_wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"phase {phase} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    wall, cpu = result.pop("timed")
    peak, workers = result.pop("peak_mib"), result.pop("worker_peak_mib")
    return Measured(phase, wall, cpu, peak, workers, process_wall, result)


def measure(repo: Path, manifest: dict[str, Any], work: Path, repeats: int = 1) -> list[Measured]:
    """Each phase in a fresh process; warm and one-changed, the two that take about a
    second, ``repeats`` times each, keeping the fastest (on a shared machine a single
    second-long run mostly measures the neighbours)."""
    db_path = work / "scan-cache.db"
    db_path.unlink(missing_ok=True)
    results = []
    for phase in PHASES:
        print(f"  running {phase} ...", file=sys.stderr, flush=True)
        if phase == "one-changed":
            runs = [_with_edit(repo, manifest, db_path, work) for _ in range(repeats)]
        elif phase == "warm":
            runs = [run_phase(phase, repo, db_path, work / "warm.json") for _ in range(repeats)]
        else:
            runs = [run_phase(phase, repo, db_path, work / f"{phase}.json")]
        results.append(min(runs, key=lambda m: m.wall))
    return results


def _with_edit(repo: Path, manifest: dict[str, Any], db_path: Path, work: Path) -> Measured:
    """One rescan after the edit; the file is restored and rescanned (not measured) so the
    next repetition again starts from the unedited repository's cache."""
    path = repo / manifest["changed_file"]
    original = path.read_bytes()
    try:
        path.write_bytes(original + manifest["edit_append"].encode())
        return run_phase("one-changed", repo, db_path, work / "one-changed.json")
    finally:
        path.write_bytes(original)
        run_phase("warm", repo, db_path, work / "restored.json")


def checks(work: Path) -> dict[str, str]:
    """Rescans must give the cold scan's graph (warm) or see the edit (one changed)."""

    def graph(phase: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((work / f"{phase}.json").read_text())
        data.pop("time", None)  # when the scan ran: the only field allowed to differ
        return data

    cold, warm, restored = graph("cold"), graph("warm"), graph("restored")
    differ = sorted(key for key in cold.keys() | warm.keys() if cold.get(key) != warm.get(key))
    seen = "/healthz" in json.dumps(graph("one-changed"))
    return {
        "warm graph identical to cold": f"**no** ({', '.join(differ)} differ)" if differ else "yes",
        "graph identical to cold again once the edit is undone": "yes"
        if restored == cold
        else "**no**",
        "edit seen by one-changed rescan": "yes" if seen else "**no**",
    }


def table(results: list[Measured], hook: str | None) -> list[str]:
    by = {m.phase: m for m in results}
    floor_s, cold_s = by["floor"].wall, by["cold"].wall
    targets = {
        "cold": (f"<= 3x floor ({3 * floor_s:.1f} s)", cold_s <= 3 * floor_s),
        "warm": (f"< cold / 10 ({cold_s / 10:.1f} s)", by["warm"].wall < cold_s / 10),
        "one-changed": ("< 1 s", by["one-changed"].wall < 1.0),
    }
    note = "" if hook else " (no cache API yet: full rescan)"
    rows = [
        "| phase | wall s | CPU s | peak RSS MiB | process wall s | x floor (wall/CPU)"
        " | target | met |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for m in results:
        target, met = targets.get(m.phase, ("", None))
        label = LABELS.get(m.phase, "one file changed") + (
            note if m.phase in ("warm", "one-changed") else ""
        )
        peak = f"{m.peak_mib:.0f}" + (
            f" (+{m.worker_peak_mib:.0f} worker)" if m.worker_peak_mib > 1 else ""
        )
        verdict = "" if met is None else ("yes" if met else "**no**")
        rows.append(
            f"| {label} | {m.wall:.2f} | {m.cpu:.2f} | {peak} | {m.process_wall:.2f} |"
            f" {m.wall / floor_s:.1f}x / {m.cpu / by['floor'].cpu:.1f}x | {target} | {verdict} |"
        )
    return rows


def scanner_state() -> str:
    """The commit and whether scanner/ had uncommitted edits (read-only git calls)."""
    root = BENCHMARKS_MD.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "scanner")
    return f"- Scanner: commit {head}" + (", with uncommitted edits in scanner/" if dirty else "")


def machine() -> list[str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import libcst

    version = getattr(libcst, "__version__", None) or _dist_version("libcst")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- CPU: {cpu}; nproc {os.cpu_count()}; load average at start {load} (shared machine)",
        f"- Python {platform.python_version()} ({platform.python_implementation()}),"
        f" libcst {version}, {platform.system()} {platform.release()}",
    ]


def _dist_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def section(
    args: argparse.Namespace,
    manifest: dict[str, Any],
    results: list[Measured],
    hook: str | None,
    profile_rows: list[str],
    facts: list[str],
) -> str:
    by = {m.phase: m for m in results}
    params = manifest["params"]
    share = manifest["io_files"] / manifest["python_files"]
    cold = by["cold"].extra
    lines = [
        SECTION,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{args.command}`.",
        "",
        *facts,
        f"- Repository: synthetic (`benchmarks/synthetic_repo.py`, generator v"
        f"{manifest['generator_version']}, seed {params['seed']}): {manifest['services']} services,"
        f" {manifest['python_files']:,} Python files, {manifest['python_lines']:,} lines;"
        f" {manifest['io_files']:,} files ({share:.0%}) import an I/O library the scanner"
        " detects, the rest is plain business logic; docker-compose.yml, Dockerfiles,"
        " settings modules, some tests/ and alembic migrations.",
        f"- Scan result (cold): {cold['nodes']} nodes, {cold['edges']} edges,"
        f" {cold['diagnostics']} diagnostics.",
        f"- Cache: {_cache_note(hook, cold['cache'])}.",
        "- Each phase is a fresh process; wall/CPU cover the measured call only; peak RSS is"
        " the process's `ru_maxrss`; process wall includes interpreter start and imports."
        f" Warm and one-changed: the fastest of {args.repeats} runs (each from the same"
        " cache state); floor and cold: one run.",
        "",
        *table(results, hook),
        "",
    ]
    lines += [f"- {name}: {verdict}" for name, verdict in checks(args.work).items()]
    if profile_rows:
        lines += ["", "Where the time goes (`benchmarks/scan_profile.py`, exclusive seconds"]
        lines += ["per stage, same repository, one more process each):", "", *profile_rows]
    return "\n".join([*lines, ""])


def _cache_note(hook: str | None, passed: str) -> str:
    if hook:
        return f"`{passed}` passed as the `{hook}` parameter of `scanner.scan_repository`"
    return "the scanner has no incremental cache API yet: warm and one-changed are full rescans"


def write_section(text: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace (or append) our section, keeping every other section as it is on disk now."""
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    start = current.find(f"\n{SECTION}\n")
    if start < 0:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + 1)
        tail = "" if end < 0 else current[end:]
        updated = current[: start + 1] + text + tail
    temporary = path.with_suffix(".md.tmp")
    temporary.write_text(updated)
    temporary.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="Python lines to generate")
    parser.add_argument(
        "--services", type=int, help="services (default: 300 per million lines, at least 10)"
    )
    parser.add_argument("--seed", type=int, default=RepoParams.seed)
    default_cache = Path(tempfile.gettempdir()) / "servicemap-scan-bench"
    parser.add_argument("--cache-dir", type=Path, default=default_cache)
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of warm and one-changed (fastest kept)"
    )
    parser.add_argument("--profile", action="store_true", help="also profile the cold scan")
    for hidden in ("--phase", "--repo", "--db", "--out"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args.phase, Path(args.repo), Path(args.db), Path(args.out))
        return
    services = args.services or max(10, round(300 * args.lines / 1_000_000))
    params = RepoParams(args.lines, services, args.seed)
    args.command = "python " + " ".join(["benchmarks/scan_speed.py", *sys.argv[1:]])
    facts = [*machine(), scanner_state()]  # load average before we add our own
    started = time.perf_counter()
    repo, manifest = ensure_repo(params, args.cache_dir)
    print(f"repository: {repo} ({time.perf_counter() - started:.1f} s to generate or reuse)")
    print(
        f"{manifest['services']} services, {manifest['python_files']:,} Python files,"
        f" {manifest['python_lines']:,} lines, {manifest['io_files']:,} doing I/O"
    )
    hook = cache_hook()
    with tempfile.TemporaryDirectory(prefix="scan-bench-") as work:
        args.work = Path(work)
        results = measure(repo, manifest, args.work, args.repeats)
        profile_rows = _profile(repo, args.work / "scan-cache.db") if args.profile else []
        print("\n".join(table(results, hook)))
        cold = next(m for m in results if m.phase == "cold").extra
        print(
            f"cold scan: {cold['nodes']} nodes, {cold['edges']} edges, {cold['diagnostics']} diag."
        )
        for name, verdict in checks(args.work).items():
            print(f"{name}: {verdict}")
        if profile_rows:
            print("\n".join(["", *profile_rows]))
        if not args.no_write:
            write_section(section(args, manifest, results, hook, profile_rows, facts))
            print(f"wrote the '{SECTION}' section of {BENCHMARKS_MD}")


def _profile(repo: Path, db_path: Path) -> list[str]:
    """The stage tables of a cold scan and of a warm rescan (the cache the phases left)."""
    script = Path(__file__).with_name("scan_profile.py")
    rows = []
    for name, extra in (("cold scan", []), ("warm rescan", ["--cache", str(db_path)])):
        print(f"  profiling {name} ...", file=sys.stderr, flush=True)
        command = [sys.executable, str(script), str(repo), *extra]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        rows += ["", f"{name[0].upper()}{name[1:]}:", "", *done.stdout.strip().splitlines()]
    return rows[1:]


if __name__ == "__main__":
    main()
