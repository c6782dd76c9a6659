"""``GET /api/graph``: a whole snapshot as graph JSON v1, the format every export shares;
``GET /api/schema/graph``: that format's JSON Schema, for tools that validate what they read."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from catalog_api import graph_json
from catalog_api.api.dependencies import CurrentSnapshot

router = APIRouter(prefix="/api", tags=["graph"])


@router.get("/graph")
def read_graph(snapshot: CurrentSnapshot) -> JSONResponse:
    """The latest snapshot (or ``?snapshot=N``); its id is in ``X-Servicemap-Snapshot``."""
    return JSONResponse(
        graph_json.to_dict(snapshot.graph),
        headers={"X-Servicemap-Snapshot": str(snapshot.ref.id)},
    )


@router.get("/schema/graph")
def read_graph_schema() -> JSONResponse:
    """The JSON Schema of graph JSON version 1 (see docs/graph-format.md)."""
    return JSONResponse(graph_json.schema())
