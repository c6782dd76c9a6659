"""``GET /api/graph``: the catalog view (the latest scan merged with the latest traces) or one
stored snapshot, as graph JSON v1, the format every export shares;
``GET /api/schema/graph``: that format's JSON Schema, for tools that validate what they read."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from catalog_api import graph_json
from catalog_api.api.dependencies import CurrentView, view_headers

router = APIRouter(prefix="/api", tags=["graph"])


@router.get("/graph")
def read_graph(view: CurrentView) -> JSONResponse:
    """The catalog view (or ``?snapshot=N`` as stored); the snapshots it is made of are in
    ``X-Servicemap-View`` (and a single one's id in ``X-Servicemap-Snapshot``)."""
    return JSONResponse(graph_json.to_dict(view.graph), headers=view_headers(view))


@router.get("/schema/graph")
def read_graph_schema() -> JSONResponse:
    """The JSON Schema of graph JSON version 1 (see docs/graph-format.md)."""
    return JSONResponse(graph_json.schema())
