"""DRF router routes on the service node: prefixes from every URLconf that mounts them."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import EdgeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

SETTINGS = "INSTALLED_APPS = ['rest_framework', 'orders']\nROOT_URLCONF = 'site_urls'\n"
ROOT_URLS = """
from django.urls import include, path
urlpatterns = [path("api/v1/", include("orders.urls"))]
"""
APP_URLS = """
from django.urls import include, path
from orders.api import router
urlpatterns = [path("shop/", include(router.urls))]
urlpatterns += router.urls
"""
API = """
from rest_framework import routers, viewsets
from rest_framework.decorators import action
class OrderViewSet(viewsets.ModelViewSet):
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None): ...
router = routers.SimpleRouter()
router.register(r"orders", OrderViewSet)
"""
CLIENT = """
import requests
def order(order_id):
    return requests.get(f"http://shop:8000/api/v1/orders/{order_id}/").json()
"""


FILES = {
    "docker-compose.yml": "services:\n  shop:\n    build: ./shop\n  web:\n    build: ./web\n",
    "shop/settings.py": SETTINGS,
    "shop/site_urls.py": ROOT_URLS,
    "shop/orders/__init__.py": "",
    "shop/orders/urls.py": APP_URLS,
    "shop/orders/api.py": API,
    "web/app.py": CLIENT,
}


def test_viewset_routes_carry_every_include_prefix_when_the_router_is_mounted_twice(
    tmp_path: Path,
) -> None:
    graph = scan_repository(write_repo(tmp_path, FILES))
    node = graph.node("service:shop")
    assert node is not None
    expected = set()
    for prefix in ("/api/v1/shop", "/api/v1"):
        expected |= {
            f"GET {prefix}/orders/",
            f"POST {prefix}/orders/",
            f"GET {prefix}/orders/{{pk}}/",
            f"PUT {prefix}/orders/{{pk}}/",
            f"PATCH {prefix}/orders/{{pk}}/",
            f"DELETE {prefix}/orders/{{pk}}/",
            f"POST {prefix}/orders/{{pk}}/cancel/",
        }
    assert set(node.routes) == expected


def test_client_call_names_the_generated_detail_route_when_another_service_calls_it(
    tmp_path: Path,
) -> None:
    graph = scan_repository(write_repo(tmp_path, FILES))
    call = graph.edge("service:web", "service:shop", EdgeKind.HTTP)
    assert call is not None and call.detail["routes"] == frozenset({"GET /api/v1/orders/{pk}/"})
