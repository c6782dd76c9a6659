"""``GET /api/snapshots``: every stored snapshot, newest first, with its scan info."""

from __future__ import annotations

from fastapi import APIRouter

from catalog_api.api.dependencies import Store
from catalog_api.api.errors import NO_SNAPSHOT_MESSAGE
from catalog_api.ports import SnapshotRef

router = APIRouter(prefix="/api", tags=["snapshots"])


@router.get("/snapshots")
def list_snapshots(store: Store) -> dict[str, object]:
    """``latest`` is the id the other endpoints read by default (null, with a ``message``
    saying how to make one, while the store is empty)."""
    refs = sorted(store.snapshots(), key=lambda r: r.id, reverse=True)
    body: dict[str, object] = {
        "latest": refs[0].id if refs else None,
        "snapshots": [_snapshot_dict(r) for r in refs],
    }
    if not refs:
        body["message"] = NO_SNAPSHOT_MESSAGE
    return body


def _snapshot_dict(ref: SnapshotRef) -> dict[str, object]:
    return {
        "id": ref.id,
        "source": ref.info.source,
        "commit": ref.info.commit,
        "time": ref.info.time,
        "tool_version": ref.info.tool_version,
        "nodes": ref.nodes,
        "edges": ref.edges,
    }
