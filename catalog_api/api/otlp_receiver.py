"""The live receiver's state: one trace aggregator per app, saved to the store as the latest
observed snapshot (kind ``observed``: the catalog view merges it with the latest scan).

Every accepted request is aggregated at once; the graph is saved right away unless a save
happened less than ``min_save_seconds`` ago, in which case one trailing save is scheduled,
so a busy receiver writes a snapshot every few seconds rather than one per request. A saved
snapshot resolves spans still waiting for their counterpart as they stand (the aggregator
itself keeps waiting), so the map is never behind what was received. It starts empty on each
server start: traffic figures cover what this process has received.

Saves replace earlier receiver snapshots as :mod:`catalog_api.api.otlp_retention` says, so
the store stays bounded. A failed save (disk full, database locked for too long) changes
nothing stored and loses nothing received: the spans stay in the aggregate, the failure is
logged, and the save is tried again shortly. The request is still answered with success,
since an exporter told to retry would send the same spans again and they would count twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from catalog_api.api.otlp_retention import ReplacingStore, Retention
from catalog_api.graph import ServiceGraph
from catalog_api.model import ScanInfo
from catalog_api.ports import GraphStore, SnapshotKind, SnapshotRef
from scanner.traces import Span, TraceAggregator
from scanner.traces.ingest import collector_paused
from scanner.traces.span_batch import SpanBatch

SOURCE = "otlp receiver (POST /v1/traces)"
DEFAULT_MIN_SAVE_SECONDS = 5.0
RETRY_SECONDS = 1.0  # the least wait before a failed save is tried again

log = logging.getLogger(__name__)


class TraceReceiver:
    """Aggregates received spans and keeps the store's observed snapshot current."""

    def __init__(
        self,
        store: GraphStore,
        *,
        min_save_seconds: float = DEFAULT_MIN_SAVE_SECONDS,
        retention: Retention | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.clock = clock  # seconds, for save spacing and retention windows
        self.min_save_seconds = min_save_seconds
        self.retention = retention or Retention()
        self.save_error: Exception | None = None  # the last save's failure, None once one works
        self._current: int | None = None  # this window's rolling snapshot
        self._stale: list[int] = []  # replaced by the current one; deleted at the next save
        self._window_start = 0.0
        # Fewer waiting spans than for files: every save resolves a copy of them.
        self.aggregator = TraceAggregator(max_waiting=20_000)
        self._lock = threading.Lock()
        self._last_save = 0.0
        self._timer: threading.Timer | None = None

    def accept(self, spans: Sequence[Span]) -> None:
        """Aggregate one request's spans and save (now or soon)."""
        with self._lock:
            with collector_paused():
                self.aggregator.add(spans)
                self.aggregator.flush()
            self._save_soon()

    def accept_batch(self, batch: SpanBatch) -> None:
        """Aggregate one well-formed request's columns (the fast path) and save (now or soon)."""
        with self._lock:
            with collector_paused():
                self.aggregator.add_batch(batch)
            self._save_soon()

    def _save_soon(self) -> None:
        """Save now, or schedule one trailing save if the last one was too recent. Holds
        the lock."""
        wait = self._last_save + self.min_save_seconds - self.clock()
        if wait <= 0:
            self._save()
        else:
            self._schedule(wait)

    def _schedule(self, wait: float) -> None:
        if self._timer is None:
            self._timer = threading.Timer(wait, self._trailing_save)
            self._timer.daemon = True
            self._timer.start()

    def _trailing_save(self) -> None:
        with self._lock:
            self._timer = None
            self._save()

    def _save(self) -> None:
        """Save the aggregate, replacing what the retention says; on failure keep everything
        (stored and received) and try again soon. Holds the lock."""
        from catalog_api.usecases import tool_version
        from scanner.traces.ingest import now_iso

        info = ScanInfo(source=SOURCE, time=now_iso(), tool_version=tool_version())
        now = self.clock()
        self._last_save = now
        if now - self._window_start >= self.retention.window_seconds:
            self._current = None  # the finished window's snapshot stays as its record
        try:
            ref = self._store(self.aggregator.snapshot(info))
        except Exception as exc:  # any store's failure: the next save carries the spans
            self.save_error = exc
            log.warning("saving received traces failed, will retry: %s", exc)
            self._schedule(max(self.min_save_seconds, RETRY_SECONDS))
            return
        self.save_error = None
        if self._current is None:
            self._window_start = now
        self._stale = [] if self._current is None else [self._current]
        self._current = ref.id

    def _store(self, graph: ServiceGraph) -> SnapshotRef:
        if not isinstance(self.store, ReplacingStore):
            return self.store.save(graph, SnapshotKind.OBSERVED)
        own = [
            ref
            for ref in self.store.snapshots()
            if ref.kind == SnapshotKind.OBSERVED and ref.info.source == SOURCE
        ]
        replaces = self.retention.superseded(own, self._current, self._stale)
        return self.store.save_replacing(graph, SnapshotKind.OBSERVED, replaces=replaces)
