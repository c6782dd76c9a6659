"""Dependencies shared by the routers: the store, the snapshot a request reads, and the
bearer-token check for write endpoints.

``create_app`` puts the store, the cache and the token on ``app.state``; routers only ever
reach them through these functions, so a test can build an app around any GraphStore.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from catalog_api.api.errors import ApiError, no_snapshot
from catalog_api.api.snapshot_cache import SnapshotCache
from catalog_api.graph import ServiceGraph
from catalog_api.ports import GraphStore, SnapshotRef


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_cache(request: Request) -> SnapshotCache:
    cache: SnapshotCache = request.app.state.snapshot_cache
    return cache


Store = Annotated[GraphStore, Depends(get_store)]
Cache = Annotated[SnapshotCache, Depends(get_cache)]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A stored snapshot and its graph, as one request sees it."""

    ref: SnapshotRef
    graph: ServiceGraph


def get_snapshot(
    store: Store,
    cache: Cache,
    snapshot: Annotated[
        int | None, Query(ge=1, description="snapshot id; the latest when omitted")
    ] = None,
) -> Snapshot:
    """The requested snapshot, or the latest; 404 with the "run a scan" hint when none."""
    refs = store.snapshots()
    if not refs:
        raise no_snapshot()
    wanted = max(r.id for r in refs) if snapshot is None else snapshot
    ref = next((r for r in refs if r.id == wanted), None)
    graph = None if ref is None else cache.graphs.get_or_make(wanted, lambda: store.load(wanted))
    if ref is None or graph is None:
        raise ApiError(404, "unknown-snapshot", f"no snapshot with id {wanted}")
    return Snapshot(ref, graph)


CurrentSnapshot = Annotated[Snapshot, Depends(get_snapshot)]


def require_token(request: Request) -> None:
    """Guard for write endpoints: when the app has a token, demand
    ``Authorization: Bearer <token>`` (compared in constant time); else let everyone in."""
    expected: str | None = request.app.state.token
    if expected is None:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    valid = scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8"), expected.encode("utf-8")
    )
    if not valid:
        raise ApiError(
            401,
            "unauthorized",
            "missing or wrong bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
