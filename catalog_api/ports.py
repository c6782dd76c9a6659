"""Ports: the one-job interfaces the use cases depend on. Adapters implement them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from catalog_api.graph import ServiceGraph
from catalog_api.model import ScanInfo


class SnapshotKind(StrEnum):
    """What a snapshot maps: the code (a static scan) or the traffic (an observed graph from
    traces). The catalog view merges the newest of each, so neither hides the other."""

    STATIC = "static"
    OBSERVED = "observed"


@dataclass(frozen=True, slots=True)
class SnapshotRef:
    """A stored graph: its id, where it came from, and a one-line summary."""

    id: int
    info: ScanInfo
    nodes: int
    edges: int
    kind: SnapshotKind = SnapshotKind.STATIC


class GraphStore(Protocol):
    """Keeps graph snapshots. Saving is atomic: a failed save leaves earlier ones intact."""

    def save(self, graph: ServiceGraph, kind: SnapshotKind = SnapshotKind.STATIC) -> SnapshotRef:
        """Store ``graph`` as a new snapshot of ``kind``."""
        ...

    def latest(self, kind: SnapshotKind | None = None) -> ServiceGraph | None:
        """The newest snapshot (of ``kind``, when given); None when there is none."""
        ...

    def load(self, snapshot_id: int) -> ServiceGraph | None: ...

    def snapshots(self) -> list[SnapshotRef]: ...
