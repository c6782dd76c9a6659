"""API errors as JSON: ``{"error": {"code": ..., "message": ...}}`` with a fitting status.

Routes raise :class:`ApiError`; the handler registered by ``create_app`` turns it into the
response, so every failure has the same shape the web page knows how to show.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

NO_SNAPSHOT_MESSAGE = "no snapshot yet: run `servicemap scan PATH`"


class ApiError(Exception):
    """A request the API cannot answer; ``code`` is short, stable and kebab-case."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


async def handle_api_error(request: Request, exc: Exception) -> JSONResponse:
    """Registered for :class:`ApiError` (Starlette types handlers over ``Exception``)."""
    assert isinstance(exc, ApiError)
    return JSONResponse(error_body(exc.code, exc.message), exc.status, headers=exc.headers)


def no_snapshot() -> ApiError:
    return ApiError(404, "no-snapshot", NO_SNAPSHOT_MESSAGE)
