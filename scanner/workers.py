"""Scanning many files in worker processes: parsing and detection are CPU-bound pure Python,
so a cold scan of a large repository uses every core.

Each worker keeps its own module loader for the files it is given; files go out in
contiguous chunks of the sorted path list, so the modules of one service mostly land in one
worker and are parsed once there. Workers return the same :class:`~scanner.facts.FileFacts`
records the cache stores, and the result is put back in path order, so the graph does not
depend on the number of workers. Small scans stay in-process (starting workers costs more).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from scanner.detectors.base import Detector
from scanner.evaluate import Evaluator
from scanner.facts import FileFacts
from scanner.modules import ModuleLoader
from scanner.sources import SourceFiles

MIN_FILES_PER_WORKER = 40  # below this many files to parse per core, one process is faster
MAX_WORKERS = 8
# files a worker is handed at once: contiguous in path order, so the modules of one service
# mostly land in one worker and are parsed once there
CHUNK = 48

_state: tuple[ModuleLoader, Evaluator, Sequence[type[Detector]]] | None = None


def worker_count(requested: int | None) -> int:
    """``requested`` when given; otherwise the cores (a pool starts only once enough files
    to parse have come, see :func:`scan_in_workers`)."""
    if requested is not None:
        return max(1, requested)
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def scan_in_workers(
    root: Path,
    all_paths: Sequence[str],
    paths: Iterable[str],
    detectors: Sequence[type[Detector]],
    workers: int | None,
    sources: SourceFiles,
    on_done: Callable[[int], None] | None = None,
) -> list[FileFacts]:
    """Records for ``paths``, in their order; ``on_done(n)`` as each n files finish.
    ``paths`` is consumed as it comes (the caller is still reading and sorting files): the
    pool starts once enough files to parse have come, and each chunk goes out at once, so
    the workers parse while the rest is read."""
    from scanner.engine import scan_files

    cores = worker_count(workers)
    start = 2 if workers is not None else 2 * MIN_FILES_PER_WORKER
    pending: list[str] = []
    chunks: list[Future[list[FileFacts]]] = []
    pool: ProcessPoolExecutor | None = None
    try:
        for rel in paths:
            pending.append(rel)
            if pool is None and cores > 1 and len(pending) >= start:
                initargs = (root, list(all_paths), list(detectors))
                pool = ProcessPoolExecutor(cores, initializer=_start, initargs=initargs)
            if pool is not None and len(pending) >= CHUNK:
                chunks.append(pool.submit(_scan_chunk, pending))
                pending = []
        if pool is None:  # few files: starting workers costs more than it saves
            loader = ModuleLoader(root, all_paths, sources)
            return scan_files(loader, Evaluator(loader), pending, detectors, on_done)
        if pending:
            chunks.append(pool.submit(_scan_chunk, pending))
        found: list[FileFacts] = []
        for future in chunks:
            chunk = future.result()
            found += chunk
            if on_done is not None:
                on_done(len(chunk))
        return found
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _start(root: Path, all_paths: list[str], detectors: list[type[Detector]]) -> None:
    global _state
    loader = ModuleLoader(root, all_paths)
    _state = (loader, Evaluator(loader), detectors)


def _scan_chunk(paths: list[str]) -> list[FileFacts]:
    from scanner.engine import scan_files

    assert _state is not None, "worker not started"
    loader, evaluator, detectors = _state
    return scan_files(loader, evaluator, paths, detectors)
