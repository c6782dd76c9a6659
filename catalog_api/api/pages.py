"""The web map: ``GET /`` and its few static files, shipped as package data of ``web``.

Only the files named here are served (no directory listing, no path handling), each with
its exact media type; the security headers come from the app's middleware.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from catalog_api.api.errors import ApiError

router = APIRouter(tags=["pages"])

_STATIC_FILES = {
    "map.js": "text/javascript; charset=utf-8",
    "map.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}


def _static(name: str) -> bytes:
    return resources.files("web").joinpath("static", name).read_bytes()


@router.get("/", response_class=Response, include_in_schema=False)
def index() -> Response:
    return Response(
        _static("index.html"),
        media_type="text/html; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/static/{name}", response_class=Response, include_in_schema=False)
def static_file(name: str) -> Response:
    media_type = _STATIC_FILES.get(name)
    if media_type is None:
        raise ApiError(404, "not-found", f"no static file {name!r}")
    return Response(_static(name), media_type=media_type, headers={"Cache-Control": "no-cache"})
