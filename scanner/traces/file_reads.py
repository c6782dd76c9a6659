"""Reading trace files ahead of ingestion, in worker processes when that pays.

Decoding a protobuf file into columns with protobuf's own parser is about half the work of
ingesting it and needs nothing from the aggregator, so with a spare CPU, worker processes
decode the next files while the caller aggregates the current one (with the C reader of
:mod:`scanner.traces.proto_batch`, decoding is a fraction of the work and no worker is
started unless asked for). Files are still handed over strictly in the
order given, so the aggregate is exactly what reading them one by one gives, pairing across
files included. Only well-formed OTLP protobuf batches come back from a worker (compactly
pickled, see :meth:`ProtoBatch.__reduce__ <scanner.traces.proto_batch.ProtoBatch.__reduce__>`);
JSON files, and files the fast path does not take, are read by the caller. Workers are used
only when it pays and is safe: an idle CPU, enough protobuf data to outweigh starting a
process, Linux, and no other thread running (a process is forked, which is only safe
then); a worker that dies leaves its files to the caller. A few files are read ahead at
most, so memory stays flat.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from scanner.traces.formats import read_batch
from scanner.traces.proto_batch import ProtoBatch, native_reader
from scanner.traces.span import Span, TraceFormatError
from scanner.traces.span_batch import SpanBatch

Read = list[Span] | SpanBatch | TraceFormatError
"""What one file gives: spans, a batch, or why it is malformed."""
MIN_PARALLEL_BYTES = 4 * 2**20  # below this, starting a worker costs more than it saves
_MAX_WORKERS = 4
_JSON_START = (b"{", b"[")
_CAN_FORK = sys.platform.startswith("linux")  # where forking a single-threaded process is safe


def reads(paths: Sequence[Path], workers: int | None = None) -> Iterator[tuple[Path, Read]]:
    """Each path with what it reads as, in order. ``workers``: worker processes (0: none;
    None: one per idle CPU when the files are large enough, see :func:`_workers`)."""
    count = _workers(paths) if workers is None else workers
    if count <= 0 or len(paths) < 2 or threading.active_count() > 1 or not _CAN_FORK:
        return ((path, read(path)) for path in paths)
    return _pooled(paths, count)


def read(path: Path) -> Read:
    """What ingestion reads of one file (see :func:`~scanner.traces.formats.read_batch`)."""
    try:
        return read_batch(path)
    except TraceFormatError as exc:
        return exc


def _pooled(paths: Sequence[Path], workers: int) -> Iterator[tuple[Path, Read]]:
    ahead = 2 * workers + 1
    pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"))
    try:
        pending: deque[tuple[Path, Future[bytes | TraceFormatError | None]]] = deque()
        for path in paths:
            pending.append((path, pool.submit(_read_protobuf, path)))
            if len(pending) > ahead:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        pool.shutdown(cancel_futures=True)


def _result(path: Path, future: Future[bytes | TraceFormatError | None]) -> tuple[Path, Read]:
    """The worker's read of ``path``, or the caller's own when the worker had nothing for
    it (or died: the caller then reads every file left)."""
    try:
        found = future.result()
    except BrokenProcessPool:
        found = None
    if isinstance(found, bytes):
        return path, pickle.loads(found)  # from our own worker
    return path, read(path) if found is None else found


def _read_protobuf(path: Path) -> bytes | TraceFormatError | None:
    """In a worker: the file's protobuf batch, pickled, or its error; None for anything the
    caller reads itself (JSON, or a protobuf request the fast path does not take). The
    batch is unpickled by the caller's own thread, when it needs it, rather than by the
    pool's result thread while the caller aggregates: the two would take turns at the GIL."""
    try:
        with path.open("rb") as file:
            if file.read(64).lstrip()[:1] in _JSON_START:
                return None
    except OSError:
        return None  # the caller reports it
    found = read(path)
    if isinstance(found, ProtoBatch):
        return pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
    return found if isinstance(found, TraceFormatError) else None


def _workers(paths: Sequence[Path]) -> int:
    """One worker per idle CPU (CPUs less the load average, this process being part of the
    load), when the files are large enough: on a busy machine a worker only competes with
    the caller for a core. None with the C reader of :mod:`scanner.traces.proto_batch`:
    the caller would still unpickle what a worker decoded, two thirds of the cost of
    decoding it, so a worker saves a few percent of the wall time for a fifth more CPU."""
    if native_reader():
        return 0
    try:
        cpus = len(os.sched_getaffinity(0))
        size = sum(path.stat().st_size for path in paths)
    except OSError:
        return 0
    if size < MIN_PARALLEL_BYTES:
        return 0
    idle = int(cpus - os.getloadavg()[0])
    return max(0, min(idle, cpus - 1, _MAX_WORKERS))
