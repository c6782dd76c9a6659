"""Assembly of nameko, Starlette and urllib findings: RPC by registered name, event
queues, mounted routes."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, Node, NodeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  orders-svc: {build: ./orders}
  payments-svc: {build: ./payments}
"""
ORDERS = """
from nameko.events import EventDispatcher
from nameko.rpc import RpcProxy, rpc

class Orders:
    name = "orders"
    payments = RpcProxy("payments")
    dispatch = EventDispatcher()

    @rpc
    def create(self, order):
        self.payments.charge(order)
        self.dispatch("created", order)
"""
PAYMENTS = """
from nameko.events import event_handler
from nameko.rpc import rpc

class Payments:
    name = "payments"

    @rpc
    def charge(self, order): ...

    @event_handler("orders", "created")
    def on_created(self, order): ...
"""


def _scan(root: Path, files: dict[str, str]) -> ServiceGraph:
    write_repo(root, files)
    return scan_repository(root)


def test_rpc_proxy_reaches_the_service_registering_the_name_when_compose_names_differ(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": COMPOSE,
        "orders/service.py": ORDERS,
        "payments/service.py": PAYMENTS,
    }
    graph = _scan(tmp_path, files)
    orders = Node(NodeKind.SERVICE, "orders-svc").id
    payments = Node(NodeKind.SERVICE, "payments-svc").id
    edge = graph.edge(orders, payments, EdgeKind.RPC)
    assert edge is not None
    assert edge.detail["routes"] == frozenset({"rpc payments.charge"})
    served = graph.node(payments)
    assert served is not None and "rpc payments.charge" in served.routes
    assert served.technology == "nameko"


def test_event_dispatch_and_handler_meet_at_one_queue_when_types_match(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": COMPOSE,
        "orders/service.py": ORDERS,
        "payments/service.py": PAYMENTS,
    }
    graph = _scan(tmp_path, files)
    queue = Node(NodeKind.QUEUE, "orders.created").id
    published = graph.edge(Node(NodeKind.SERVICE, "orders-svc").id, queue, EdgeKind.PUBLISH)
    consumed = graph.edge(Node(NodeKind.SERVICE, "payments-svc").id, queue, EdgeKind.CONSUME)
    assert published is not None and consumed is not None
    node = graph.node(queue)
    assert node is not None and node.technology == "nameko"


def test_rpc_to_an_unknown_service_is_a_diagnostic_when_nothing_registers_it(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": COMPOSE,
        "orders/service.py": ORDERS.replace('"payments"', '"shipping"'),
        "payments/service.py": PAYMENTS,
    }
    graph = _scan(tmp_path, files)
    assert not [e for e in graph.edges() if e.kind == EdgeKind.RPC]
    codes = {(d.code, d.line) for d in graph.diagnostics}
    assert ("unresolved-service", 12) in codes


def test_starlette_router_routes_get_the_mount_prefix_when_mounted_by_name(tmp_path: Path) -> None:
    app = (
        "from starlette.applications import Starlette\n"
        "from starlette.routing import Mount, Route, Router\n"
        "async def h(request): ...\n"
        "orders = Router(routes=[Route('/orders/{id}', h)])\n"
        "app = Starlette(routes=[Mount('/api', app=orders)])\n"
    )
    client = "import urllib.request\nurllib.request.urlopen('http://shop:8000/api/orders/7')\n"
    compose = "services:\n  shop: {build: ./shop}\n  web: {build: ./web}\n"
    graph = _scan(
        tmp_path, {"docker-compose.yml": compose, "shop/app.py": app, "web/main.py": client}
    )
    shop = Node(NodeKind.SERVICE, "shop").id
    node = graph.node(shop)
    assert node is not None and node.routes == frozenset({"GET /api/orders/{id}"})
    edge = graph.edge(Node(NodeKind.SERVICE, "web").id, shop, EdgeKind.HTTP)
    assert edge is not None and edge.detail["routes"] == frozenset({"GET /api/orders/{id}"})
