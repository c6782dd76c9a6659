"""``GET /api/map.svg``: the catalog view (or one snapshot) laid out by Graphviz, as the web
page inlines it.

Rendering shells out to ``dot``, so each (view, kind filter) is rendered once and cached: a
snapshot never changes after it is saved, and a view is named by the snapshots it merges.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from catalog_api.api.dependencies import Cache, CurrentView, view_headers
from catalog_api.api.errors import ApiError
from catalog_api.export import GraphvizError, GraphvizMissingError, render
from catalog_api.export.subgraph import of_kinds
from catalog_api.model import NodeKind

router = APIRouter(prefix="/api", tags=["map"])


@router.get("/map.svg", response_class=Response)
def read_map(
    view: CurrentView,
    cache: Cache,
    kind: Annotated[list[NodeKind] | None, Query(description="draw only these kinds")] = None,
) -> Response:
    kinds = sorted({k.value for k in kind or []})
    headers = view_headers(view)
    key = (headers["X-Servicemap-View"], tuple(kinds))
    try:
        svg = cache.maps.get_or_make(
            key, lambda: render(of_kinds(view.graph, {NodeKind(k) for k in kinds}), "svg")
        )
    except GraphvizMissingError as exc:
        raise ApiError(503, "graphviz-missing", str(exc)) from exc
    except GraphvizError as exc:
        raise ApiError(500, "graphviz-failed", str(exc)) from exc
    return Response(svg, media_type="image/svg+xml", headers=headers)
