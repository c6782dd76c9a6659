"""Get a graph to work on: from a stored snapshot or from a graph JSON file."""

from __future__ import annotations

from pathlib import Path

from catalog_api import graph_json
from catalog_api.graph import ServiceGraph
from catalog_api.ports import GraphStore
from catalog_api.usecases.errors import InputError, NoSnapshotError


def load_graph(store: GraphStore, snapshot_id: int | None = None) -> ServiceGraph:
    """Snapshot ``snapshot_id``, or the newest one when it is ``None``."""
    if snapshot_id is None:
        graph = store.latest()
        if graph is None:
            raise NoSnapshotError("the store holds no snapshots yet")
        return graph
    found = store.load(snapshot_id)
    if found is None:
        raise NoSnapshotError(f"the store holds no snapshot {snapshot_id}")
    return found


def load_graph_file(path: Path) -> ServiceGraph:
    """The graph in the graph JSON file at ``path`` (as written by ``scan -o``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    try:
        return graph_json.loads(text)
    except graph_json.GraphFormatError as exc:
        raise InputError(f"{path} is not servicemap graph JSON: {exc}") from exc
