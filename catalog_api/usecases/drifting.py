"""Drift between the code and the traffic: the verb behind ``servicemap drift`` and
``GET /api/drift``. Each side is a stored snapshot of the right kind (the newest unless an
id is given) or, for the CLI, a graph JSON file."""

from __future__ import annotations

from dataclasses import dataclass

from catalog_api.graph import ServiceGraph
from catalog_api.merge import DriftReport, drift
from catalog_api.ports import GraphStore, SnapshotKind, SnapshotRef
from catalog_api.usecases.errors import InputError, NoSnapshotError
from catalog_api.usecases.viewing import Loader

HOW_TO_MAKE = {
    SnapshotKind.STATIC: "run `servicemap scan PATH`",
    SnapshotKind.OBSERVED: "run `servicemap ingest FILE...` or send traces to POST /v1/traces",
}


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: its graph and, when it came from the store, its snapshot."""

    graph: ServiceGraph
    snapshot: SnapshotRef | None = None


def stored_side(
    store: GraphStore,
    kind: SnapshotKind,
    snapshot_id: int | None = None,
    load: Loader | None = None,
) -> Side:
    """Snapshot ``snapshot_id`` (or the newest of ``kind``), which must be of ``kind``.

    Raises :class:`NoSnapshotError` when there is none and :class:`InputError` when the
    named snapshot is of the other kind."""
    refs = [r for r in store.snapshots() if snapshot_id is None or r.id == snapshot_id]
    if snapshot_id is not None and not refs:
        raise NoSnapshotError(f"the store holds no snapshot {snapshot_id}")
    if snapshot_id is not None and refs[0].kind != kind:
        raise InputError(f"snapshot {snapshot_id} is {refs[0].kind.value}, not {kind.value}")
    ref = max((r for r in refs if r.kind == kind), key=lambda r: r.id, default=None)
    if ref is None:
        raise NoSnapshotError(f"the store holds no {kind.value} snapshot yet; {HOW_TO_MAKE[kind]}")
    graph = (load or store.load)(ref.id)
    if graph is None:
        raise NoSnapshotError(f"snapshot {ref.id} disappeared while being read")
    return Side(graph, ref)


def drift_between(static: Side, observed: Side) -> DriftReport:
    """Where ``static`` (the code) and ``observed`` (the traffic) disagree."""
    return drift(static.graph, observed.graph)
