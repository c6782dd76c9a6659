"""``GET /api/diagnostics``: what the scan or ingest that made a snapshot wants you to know
(files it could not parse, URLs it could not resolve, malformed traces)."""

from __future__ import annotations

from fastapi import APIRouter

from catalog_api import graph_json
from catalog_api.api.dependencies import CurrentView, view_fields
from catalog_api.graph import ServiceGraph

router = APIRouter(prefix="/api", tags=["diagnostics"])


@router.get("/diagnostics")
def list_diagnostics(view: CurrentView) -> dict[str, object]:
    only = ServiceGraph()
    only.add_diagnostics(view.graph.diagnostics)
    return {**view_fields(view), "diagnostics": graph_json.to_dict(only)["diagnostics"]}
