"""``GET /api/drift``: where the code and the traffic disagree (see ``docs/drift.md``).

Compares the latest static snapshot with the latest observed one, or the ones named by
``?static=N`` and ``?observed=N``; the body is the drift JSON ``servicemap drift --json``
prints.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from catalog_api.api.dependencies import Cache, Store
from catalog_api.api.errors import ApiError
from catalog_api.merge.drift_json import to_dict
from catalog_api.ports import SnapshotKind
from catalog_api.usecases import InputError, NoSnapshotError, Side, drift_between, stored_side

router = APIRouter(prefix="/api", tags=["drift"])

SnapshotId = Annotated[int | None, Query(ge=1)]


@router.get("/drift")
def read_drift(
    store: Store, cache: Cache, static: SnapshotId = None, observed: SnapshotId = None
) -> dict[str, object]:
    """Edges seen in code but never in traffic, and edges in traffic with no code behind
    them, each with its evidence and a reason."""
    static_side = _side(store, cache, SnapshotKind.STATIC, static)
    observed_side = _side(store, cache, SnapshotKind.OBSERVED, observed)
    report = drift_between(static_side, observed_side)
    return to_dict(
        report,
        static_snapshot=static_side.snapshot.id if static_side.snapshot else None,
        observed_snapshot=observed_side.snapshot.id if observed_side.snapshot else None,
    )


def _side(store: Store, cache: Cache, kind: SnapshotKind, snapshot_id: int | None) -> Side:
    if snapshot_id is not None and all(r.id != snapshot_id for r in store.snapshots()):
        raise ApiError(404, "unknown-snapshot", f"no snapshot with id {snapshot_id}")
    try:
        return stored_side(
            store,
            kind,
            snapshot_id,
            lambda i: cache.graphs.get_or_make(i, lambda: store.load(i)),
        )
    except NoSnapshotError as exc:
        raise ApiError(404, "no-snapshot", str(exc)) from exc
    except InputError as exc:
        raise ApiError(400, "wrong-snapshot-kind", str(exc)) from exc
