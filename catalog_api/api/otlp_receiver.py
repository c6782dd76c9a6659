"""The live receiver's state: one trace aggregator per app, saved to the store as the latest
observed snapshot (kind ``observed``: the catalog view merges it with the latest scan).

Every accepted request is aggregated at once; the graph is saved right away unless a save
happened less than ``min_save_seconds`` ago, in which case one trailing save is scheduled,
so a busy receiver writes a snapshot every few seconds rather than one per request. A saved
snapshot resolves spans still waiting for their counterpart as they stand (the aggregator
itself keeps waiting), so the map is never behind what was received. It starts empty on each
server start: traffic figures cover what this process has received.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from catalog_api.model import ScanInfo
from catalog_api.ports import GraphStore, SnapshotKind
from scanner.traces import Span, TraceAggregator
from scanner.traces.ingest import collector_paused
from scanner.traces.span_batch import SpanBatch

SOURCE = "otlp receiver (POST /v1/traces)"
DEFAULT_MIN_SAVE_SECONDS = 5.0


class TraceReceiver:
    """Aggregates received spans and keeps the store's observed snapshot current."""

    def __init__(
        self, store: GraphStore, *, min_save_seconds: float = DEFAULT_MIN_SAVE_SECONDS
    ) -> None:
        self.store = store
        self.min_save_seconds = min_save_seconds
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
        wait = self._last_save + self.min_save_seconds - time.monotonic()
        if wait <= 0:
            self._save()
        elif self._timer is None:
            self._timer = threading.Timer(wait, self._trailing_save)
            self._timer.daemon = True
            self._timer.start()

    def _trailing_save(self) -> None:
        with self._lock:
            self._timer = None
            self._save()

    def _save(self) -> None:
        from catalog_api.usecases import tool_version
        from scanner.traces.ingest import now_iso

        info = ScanInfo(source=SOURCE, time=now_iso(), tool_version=tool_version())
        self.store.save(self.aggregator.snapshot(info), SnapshotKind.OBSERVED)
        self._last_save = time.monotonic()
