"""The catalog view: what the map, the API and ``export`` show unless told a snapshot.

The newest static snapshot (the code) merged with the newest observed snapshot (the traffic),
so a stream of trace snapshots from the live receiver never hides the last scan. With only
one kind stored, the view is that snapshot as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from catalog_api.graph import ServiceGraph
from catalog_api.merge import merge
from catalog_api.ports import GraphStore, SnapshotKind, SnapshotRef
from catalog_api.usecases.errors import NoSnapshotError

Loader = Callable[[int], ServiceGraph | None]


@dataclass(frozen=True, slots=True)
class CatalogView:
    """The snapshots a view is made of (either may be missing, not both) and its graph."""

    static: SnapshotRef | None
    observed: SnapshotRef | None
    graph: ServiceGraph

    @property
    def single(self) -> SnapshotRef | None:
        """The one snapshot the view shows as is, or None when it merges two."""
        if self.static is not None and self.observed is not None:
            return None
        return self.static or self.observed


def newest_of_each_kind(
    refs: Sequence[SnapshotRef],
) -> tuple[SnapshotRef | None, SnapshotRef | None]:
    """The newest static and the newest observed snapshot among ``refs``."""
    return _newest(refs, SnapshotKind.STATIC), _newest(refs, SnapshotKind.OBSERVED)


def catalog_view(store: GraphStore, load: Loader | None = None) -> CatalogView:
    """The catalog view of ``store``; ``load`` reads a snapshot (``store.load`` unless a
    caller brings a cache). Raises :class:`NoSnapshotError` when the store is empty."""
    static, observed = newest_of_each_kind(store.snapshots())
    return view_of(static, observed, load or store.load)


def view_of(static: SnapshotRef | None, observed: SnapshotRef | None, load: Loader) -> CatalogView:
    """The view made of ``static`` and ``observed`` (either may be None, not both)."""
    graphs = [_loaded(ref, load) if ref is not None else None for ref in (static, observed)]
    static_graph, observed_graph = graphs
    if static_graph is not None and observed_graph is not None:
        return CatalogView(static, observed, merge(static_graph, observed_graph))
    only = static_graph or observed_graph
    if only is None:
        raise NoSnapshotError("the store holds no snapshots yet")
    return CatalogView(static, observed, only)


def _newest(refs: Sequence[SnapshotRef], kind: SnapshotKind) -> SnapshotRef | None:
    return max((r for r in refs if r.kind == kind), key=lambda r: r.id, default=None)


def _loaded(ref: SnapshotRef, load: Loader) -> ServiceGraph:
    graph = load(ref.id)
    if graph is None:  # listed a moment ago: only a concurrent delete could do this
        raise NoSnapshotError(f"snapshot {ref.id} disappeared while being read")
    return graph
