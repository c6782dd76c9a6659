"""Route templates in one form, and calls matched to the route they hit."""

from __future__ import annotations

import pytest

from scanner.findings import RouteDefinition, describe
from scanner.routes import match_route, mounted_routes, template


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("/products/<int:product_id>", "/products/{product_id}"),  # Flask / Werkzeug
        ("/files/<path:rest>", "/files/{rest}"),
        ("/lang/<any(en, de):lang>/<string(length=2):cc>", "/lang/{lang}/{cc}"),
        ("/api/stock/<str:sku>/", "/api/stock/{sku}/"),  # Django path()
        ("/api/stock/<sku>/", "/api/stock/{sku}/"),
        ("/api/stock/(?P<sku>[^/]+)/", "/api/stock/{sku}/"),  # Django re_path()
        ("/posts/(?P<slug>[-\\w]+)/(?P<year>[0-9]{4})", "/posts/{slug}/{year}"),
        ("/archive/([0-9]+)/", "/archive/{?}/"),  # unnamed group
        ("/feed\\.xml", "/feed.xml"),
        ("/charges/{id:\\d+}", "/charges/{id}"),  # aiohttp
        ("/codes/{code:[A-Z]{3}}/x", "/codes/{code}/x"),
        ("/files/{file_path:path}", "/files/{file_path}"),  # FastAPI / Starlette
        ("/users/{user_id:int}", "/users/{user_id}"),
        ("/tags/<tag:str>", "/tags/{tag}"),  # Sanic puts the name first
        ("/orders/{order_id}", "/orders/{order_id}"),  # already in form
        ("/healthz", "/healthz"),
    ],
)
def test_template_spells_parameters_as_braces_when_framework_differs(
    written: str, expected: str
) -> None:
    assert template(written) == expected


def test_mounted_routes_are_templates_with_method_when_prefixed() -> None:
    route = RouteDefinition("app.py", 3, "flask", "GET", "/<int:product_id>", "app.py:bp")
    mounts = [("app.py:bp", "/products", None, None)]
    assert mounted_routes([route], mounts) == {"GET /products/{product_id}"}
    assert describe(route)["route"] == "/<int:product_id>"  # findings keep what was written


SERVED = frozenset(
    {
        "GET /products",
        "GET /products/{product_id}",
        "GET /products/search",
        "POST /api/stock/reserve/",
        "GET /api/stock/{sku}/",
        "ANY /legacy/{page}",
    }
)


@pytest.mark.parametrize(
    ("method", "called", "expected"),
    [
        ("GET", "/products/{product_id}", "GET /products/{product_id}"),  # f-string call
        ("GET", "/products/42", "GET /products/{product_id}"),
        ("GET", "/products/{?}", "GET /products/{product_id}"),
        ("GET", "/products/{?}?page=2", "GET /products/{product_id}"),  # "{?}" is no query
        ("GET", "/products/search", "GET /products/search"),  # literal beats parameter
        ("GET", "/products", "GET /products"),
        ("GET", "/products/", "GET /products"),  # trailing slash tolerant
        ("GET", "/api/stock/ABC-1/", "GET /api/stock/{sku}/"),
        ("GET", "/api/stock/ABC-1", "GET /api/stock/{sku}/"),
        ("POST", "/api/stock/reserve/", "POST /api/stock/reserve/"),
        ("POST", "/api/stock/reserve?dry=1", "POST /api/stock/reserve/"),
        ("DELETE", "/legacy/7", "ANY /legacy/{page}"),
    ],
)
def test_match_route_finds_served_template_when_call_fits(
    method: str, called: str, expected: str
) -> None:
    assert match_route(method, called, SERVED) == expected


@pytest.mark.parametrize(
    ("method", "called"),
    [
        ("POST", "/products/42"),  # no such method
        ("GET", "/products/42/reviews"),  # more segments
        ("GET", "/api/stock"),  # fewer segments
        ("GET", "/orders/1"),  # other literal
    ],
)
def test_match_route_finds_nothing_when_no_route_fits(method: str, called: str) -> None:
    assert match_route(method, called, SERVED) is None


def test_match_route_finds_nothing_when_two_templates_fit_equally() -> None:
    served = {"GET /a/{x}/b", "GET /a/c/{y}"}
    assert match_route("GET", "/a/c/b", served) is None


def test_match_route_prefers_own_method_when_any_also_fits() -> None:
    served = {"ANY /items/{id}", "GET /items/{id}"}
    assert match_route("GET", "/items/3", served) == "GET /items/{id}"
