"""How many snapshots the live receiver keeps, so a server taking traffic for weeks does not
grow its database without bound.

The receiver saves its graph every few seconds while spans arrive. Within one *window*
(an hour by default) each save replaces the receiver's previous snapshot of that window, so
the store holds one rolling snapshot that the catalog view shows. (The replaced one is
deleted one save later, not at once: a reader that listed the snapshots a moment before can
still load the one it saw as newest.) When the window ends, that
snapshot stays behind as the window's record (the traffic received up to then) and the next
save starts a new one. Only the newest ``keep`` receiver snapshots (24 by default: a day of
hourly records) are kept; older ones are deleted in the same transaction as the save that
supersedes them. Snapshots that ``servicemap scan`` and ``servicemap ingest`` wrote are never
touched: the receiver only replaces snapshots with its own source.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from catalog_api.graph import ServiceGraph
from catalog_api.ports import SnapshotKind, SnapshotRef

DEFAULT_WINDOW_SECONDS = 3600.0
DEFAULT_KEEP = 24


@dataclass(frozen=True, slots=True)
class Retention:
    """The receiver's retention: one rolling snapshot per ``window_seconds`` (0: every save
    is kept as its own), at most ``keep`` of them (at least 1: the current one)."""

    window_seconds: float = DEFAULT_WINDOW_SECONDS
    keep: int = DEFAULT_KEEP

    def __post_init__(self) -> None:
        if self.window_seconds < 0 or self.keep < 1:
            raise ValueError(f"window must be >= 0 and keep >= 1, not {self}")

    def superseded(
        self, own: Sequence[SnapshotRef], current: int | None, stale: Collection[int]
    ) -> list[int]:
        """The ids the next save deletes: ``stale`` (replaced at the previous save) and every
        finished window's record among the receiver's snapshots ``own`` (oldest first)
        beyond the newest ``keep - 1``; ``current``, the window's rolling snapshot (None when
        a new window starts), is kept until the save after next."""
        records = [ref.id for ref in own if ref.id != current and ref.id not in stale]
        return [*stale, *records[: max(0, len(records) - (self.keep - 1))]]


@runtime_checkable
class ReplacingStore(Protocol):
    """A store that can save a snapshot and delete the ones it supersedes atomically
    (:class:`catalog_api.store.SqliteGraphStore` can). With any other store the receiver
    saves as usual and keeps every snapshot."""

    def save_replacing(
        self, graph: ServiceGraph, kind: SnapshotKind, *, replaces: Collection[int]
    ) -> SnapshotRef: ...
