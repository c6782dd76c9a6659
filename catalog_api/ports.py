"""Ports: the one-job interfaces the use cases depend on. Adapters implement them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from catalog_api.graph import ServiceGraph
from catalog_api.model import ScanInfo


@dataclass(frozen=True, slots=True)
class SnapshotRef:
    """A stored graph: its id, where it came from, and a one-line summary."""

    id: int
    info: ScanInfo
    nodes: int
    edges: int


class GraphStore(Protocol):
    """Keeps graph snapshots. Saving is atomic: a failed save leaves earlier ones intact."""

    def save(self, graph: ServiceGraph) -> SnapshotRef: ...

    def latest(self) -> ServiceGraph | None: ...

    def load(self, snapshot_id: int) -> ServiceGraph | None: ...

    def snapshots(self) -> list[SnapshotRef]: ...
