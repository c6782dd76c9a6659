from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from catalog_api.api import create_app, require_token
from catalog_api.store import SqliteGraphStore


def _with_write_route(app: FastAPI) -> FastAPI:
    """A write endpoint shaped like the OTLP receiver: guarded, reads its body."""

    @app.post("/api/test-write", dependencies=[Depends(require_token)])
    async def write(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    return app


@pytest.fixture
def guarded(store: SqliteGraphStore) -> TestClient:
    return TestClient(_with_write_route(create_app(store, token="s3cret-token")))


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret-token"}],
)
def test_write_is_refused_when_the_token_is_missing_or_wrong(
    guarded: TestClient, headers: dict[str, str]
) -> None:
    response = guarded.post("/api/test-write", content=b"x", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


def test_write_is_accepted_when_the_bearer_token_matches(guarded: TestClient) -> None:
    response = guarded.post(
        "/api/test-write", content=b"abc", headers={"Authorization": "Bearer s3cret-token"}
    )
    assert response.json() == {"received": 3}


def test_write_is_open_when_no_token_is_configured(store: SqliteGraphStore) -> None:
    client = TestClient(_with_write_route(create_app(store)))
    assert client.post("/api/test-write", content=b"abc").json() == {"received": 3}


def test_large_body_is_refused_when_content_length_is_over_the_limit(
    store: SqliteGraphStore,
) -> None:
    client = TestClient(_with_write_route(create_app(store, max_body_bytes=100)))
    response = client.post("/api/test-write", content=b"x" * 101)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body-too-large"
    assert client.post("/api/test-write", content=b"x" * 100).status_code == 200


def test_large_body_is_refused_when_it_streams_without_a_length(
    store: SqliteGraphStore,
) -> None:
    client = TestClient(_with_write_route(create_app(store, max_body_bytes=100)))

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"x" * 40

    response = client.post("/api/test-write", content=chunks())
    assert response.status_code == 413


def test_page_has_a_strict_content_security_policy_when_served(
    empty_client: TestClient,
) -> None:
    response = empty_client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_page_has_no_inline_script_when_served(empty_client: TestClient) -> None:
    html = empty_client.get("/").text
    assert html.count("<script") == 1
    assert '<script src="/static/map.js" defer></script>' in html
    assert " on" not in html.replace("aria-", "").split("<body>")[1].split("=")[0]


@pytest.mark.parametrize(
    ("path", "media_type"),
    [("/static/map.js", "text/javascript"), ("/static/map.css", "text/css")],
)
def test_static_files_are_served_with_their_type_when_listed(
    empty_client: TestClient, path: str, media_type: str
) -> None:
    response = empty_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)


@pytest.mark.parametrize("path", ["/static/index.py", "/static/..%2F__init__.py", "/nope"])
def test_other_paths_are_a_json_404_when_requested(empty_client: TestClient, path: str) -> None:
    response = empty_client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not-found"
