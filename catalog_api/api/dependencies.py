"""Dependencies shared by the routers: the store, the view a request reads (one snapshot, or
the catalog view merging the latest scan with the latest traces), and the bearer-token check
for write endpoints.

``create_app`` puts the store, the cache and the token on ``app.state``; routers only ever
reach them through these functions, so a test can build an app around any GraphStore.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Query, Request

from catalog_api.api.errors import ApiError, no_snapshot
from catalog_api.api.snapshot_cache import SnapshotCache
from catalog_api.graph import ServiceGraph
from catalog_api.ports import GraphStore, SnapshotKind
from catalog_api.usecases import CatalogView, newest_of_each_kind, view_of


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_cache(request: Request) -> SnapshotCache:
    cache: SnapshotCache = request.app.state.snapshot_cache
    return cache


Store = Annotated[GraphStore, Depends(get_store)]
Cache = Annotated[SnapshotCache, Depends(get_cache)]


def get_view(
    store: Store,
    cache: Cache,
    snapshot: Annotated[
        int | None,
        Query(
            ge=1,
            description="serve this stored snapshot as it is; by default the catalog view: the "
            "latest static snapshot merged with the latest observed one",
        ),
    ] = None,
) -> CatalogView:
    """What a request reads: snapshot ``snapshot``, or the catalog view; 404 with the "run a
    scan" hint when the store is empty."""
    refs = store.snapshots()
    if not refs:
        raise no_snapshot()

    def load(snapshot_id: int) -> ServiceGraph | None:
        return cache.graphs.get_or_make(snapshot_id, lambda: store.load(snapshot_id))

    if snapshot is None:
        static, observed = newest_of_each_kind(refs)
        key = (static.id if static else None, observed.id if observed else None)
        return cache.views.get_or_make(key, lambda: view_of(static, observed, load))
    ref = next((r for r in refs if r.id == snapshot), None)
    graph = None if ref is None else load(snapshot)
    if ref is None or graph is None:
        raise ApiError(404, "unknown-snapshot", f"no snapshot with id {snapshot}")
    static_ref = ref if ref.kind == SnapshotKind.STATIC else None
    return CatalogView(static_ref, None if static_ref else ref, graph)


def view_fields(view: CatalogView) -> dict[str, object]:
    """The fields every graph-reading response starts with: ``snapshot`` (the id of the one
    snapshot served as is, null for a merged view) and ``view`` (the snapshot of each kind it
    is made of)."""
    return {
        "snapshot": view.single.id if view.single else None,
        "view": {
            "static": view.static.id if view.static else None,
            "observed": view.observed.id if view.observed else None,
        },
    }


def view_headers(view: CatalogView) -> dict[str, str]:
    """``X-Servicemap-View: static=2, observed=5`` (the parts present), and, when one stored
    snapshot is served as is, ``X-Servicemap-Snapshot`` with its id."""
    parts = [f"{ref.kind.value}={ref.id}" for ref in (view.static, view.observed) if ref]
    headers = {"X-Servicemap-View": ", ".join(parts)}
    if view.single is not None:
        headers["X-Servicemap-Snapshot"] = str(view.single.id)
    return headers


CurrentView = Annotated[CatalogView, Depends(get_view)]


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
