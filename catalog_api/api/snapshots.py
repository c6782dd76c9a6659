"""``GET /api/snapshots``: every stored snapshot, newest first, with its kind and scan info,
and the snapshots the catalog view is made of."""

from __future__ import annotations

from fastapi import APIRouter

from catalog_api.api.dependencies import Store
from catalog_api.api.errors import NO_SNAPSHOT_MESSAGE
from catalog_api.ports import SnapshotRef
from catalog_api.usecases import newest_of_each_kind

router = APIRouter(prefix="/api", tags=["snapshots"])


@router.get("/snapshots")
def list_snapshots(store: Store) -> dict[str, object]:
    """``latest`` is the newest snapshot's id (null, with a ``message`` saying how to make
    one, while the store is empty); ``view`` names the latest static and observed snapshots,
    which the other endpoints merge by default."""
    refs = sorted(store.snapshots(), key=lambda r: r.id, reverse=True)
    static, observed = newest_of_each_kind(refs)
    body: dict[str, object] = {
        "latest": refs[0].id if refs else None,
        "view": {
            "static": static.id if static else None,
            "observed": observed.id if observed else None,
        },
        "snapshots": [_snapshot_dict(r) for r in refs],
    }
    if not refs:
        body["message"] = NO_SNAPSHOT_MESSAGE
    return body


def _snapshot_dict(ref: SnapshotRef) -> dict[str, object]:
    return {
        "id": ref.id,
        "kind": ref.kind.value,
        "source": ref.info.source,
        "commit": ref.info.commit,
        "time": ref.info.time,
        "tool_version": ref.info.tool_version,
        "nodes": ref.nodes,
        "edges": ref.edges,
    }
