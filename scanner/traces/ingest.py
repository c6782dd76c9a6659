"""Ingesting trace files into an observed service graph.

Files are decoded one at a time, each completely before any of its spans is used, so a
malformed file becomes a diagnostic and contributes nothing while the others are ingested.
Memory holds one file's spans (and the few files read ahead, see
:mod:`scanner.traces.file_reads`) plus what :class:`TraceAggregator` keeps between batches.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import Diagnostic, ScanInfo, Severity
from scanner.traces.aggregator import TraceAggregator
from scanner.traces.file_reads import Read, reads
from scanner.traces.span import TraceFormatError
from scanner.traces.span_batch import SpanBatch


def ingest_files(
    paths: Sequence[Path],
    *,
    aggregator: TraceAggregator | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> ServiceGraph:
    """The observed graph of the spans in ``paths``; unreadable or malformed files become
    error diagnostics in the graph (code ``malformed-trace``) and are otherwise skipped.
    ``workers``: processes decoding protobuf files ahead (None: decided by
    :func:`~scanner.traces.file_reads.reads`; the graph is the same either way)."""
    agg = aggregator or TraceAggregator()
    diagnostics: list[Diagnostic] = []
    with collector_paused():
        for done, (path, read) in enumerate(reads(paths, workers), start=1):
            _ingest_one(agg, path, read, diagnostics)
            if progress is not None:
                progress(done, len(paths))
        agg.finish()
    graph = agg.graph(ScanInfo(source=" ".join(str(p) for p in paths), time=now_iso()))
    graph.add_diagnostics(diagnostics)
    return graph


def _ingest_one(
    agg: TraceAggregator, path: Path, read: Read, diagnostics: list[Diagnostic]
) -> None:
    if isinstance(read, TraceFormatError):
        diagnostics.append(
            Diagnostic(str(path), None, Severity.ERROR, "malformed-trace", read.message)
        )
    elif isinstance(read, SpanBatch):
        agg.add_batch(read)
    else:
        agg.add(read)
        agg.flush()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while files (or one received request) are aggregated.
    Ingestion allocates millions of short-lived tuples and creates no reference cycles, so
    the collector finds nothing, yet its passes over the ever larger older generations cost
    a quarter of the time; reference counting still frees everything as before. Restored
    on the way out (process-wide: the pause is kept short, one file or request at a time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
