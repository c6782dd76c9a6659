"""``create_app``: the one place that wires the catalog API, the web map and middleware.

An app factory, not a module-level app: the CLI's ``serve`` command and the tests each build
one around the GraphStore they hold.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from catalog_api.api import (
    diagnostics,
    drift,
    graph,
    health,
    map_svg,
    nodes,
    otlp,
    pages,
    snapshots,
)
from catalog_api.api.errors import ApiError, error_body, handle_api_error
from catalog_api.api.middleware import DEFAULT_MAX_BODY_BYTES, BodySizeLimit, SecurityHeaders
from catalog_api.api.snapshot_cache import SnapshotCache
from catalog_api.ports import GraphStore


def create_app(
    store: GraphStore,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    """The servicemap web app over ``store``. With ``token``, write endpoints (those that
    depend on ``require_token``) need ``Authorization: Bearer <token>``."""
    app = FastAPI(
        title="servicemap",
        summary="Service catalog and dependency map",
        docs_url=None,  # Swagger UI loads scripts from a CDN; the CSP forbids that
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    app.state.token = token or None
    app.state.snapshot_cache = SnapshotCache()
    for router in (
        health.router,
        graph.router,
        nodes.router,
        snapshots.router,
        diagnostics.router,
        drift.router,
        map_svg.router,
        pages.router,
        otlp.router,
    ):
        app.include_router(router)
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = f"{where}: {first.get('msg', 'invalid request')}"
    return JSONResponse(error_body("invalid-request", message), 422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = "not-found" if exc.status_code == 404 else f"http-{exc.status_code}"
    return JSONResponse(error_body(code, str(exc.detail)), exc.status_code, headers=exc.headers)
