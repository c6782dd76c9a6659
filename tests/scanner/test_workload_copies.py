"""Kubernetes workloads copying compose services under other names join those services."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import NodeKind
from scanner import scan_repository
from scanner.config.compose import ComposeService
from scanner.images import classify_image
from scanner.services import Service
from scanner.workload_copies import copied_service

REPOS = Path(__file__).parent / "repos"
PATHS = frozenset({"src/api.py", "src/worker.py", "orders/app.py"})


def test_deployments_join_the_compose_services_they_copy_when_command_and_image_match() -> None:
    graph = scan_repository(REPOS / "k8s_compose_copies")
    nodes = {n.id: n for n in graph.nodes() if n.kind in (NodeKind.SERVICE, NodeKind.DATASTORE)}
    assert set(nodes) == {"service:flask-api", "service:worker", "datastore:redis-db"}
    assert {"flask-deployment-prod", "flask-service-prod"} <= nodes["service:flask-api"].aliases
    assert "worker-deployment-prod" in nodes["service:worker"].aliases
    assert {"redis-deployment-prod", "redis-service-prod"} <= nodes["datastore:redis-db"].aliases
    assert nodes["service:flask-api"].path == "" and nodes["service:worker"].path == ""


def test_functions_of_a_shared_module_go_to_the_service_importing_them_when_both_import_it() -> (
    None
):
    graph = scan_repository(REPOS / "k8s_compose_copies")
    assert {(e.source, e.target, e.kind.value) for e in graph.edges()} == {
        ("service:flask-api", "datastore:redis-db", "cache"),
        ("service:flask-api", "queue:job_queue", "publish"),  # add_job
        ("service:worker", "datastore:redis-db", "cache"),
        ("service:worker", "queue:job_queue", "consume"),  # next_job
    }


def _compose(name: str, command: str | None, image: str | None = None) -> Service:
    spec = ComposeService(name, "docker-compose.yml", 1, image=image, command=command)
    spec.build_context = None if image else ""
    service = Service(name, None if image else "", compose=spec)
    service.image_kind = classify_image(image) if image else None
    return service


def _workload(name: str, image: str, command: str | None) -> Service:
    workload = Service(name, None, kubernetes=True, image=image, command=command)
    workload.image_kind = classify_image(image)
    return workload


def test_workload_is_no_copy_when_two_compose_services_run_the_same_command() -> None:
    services = [_compose("api", "gunicorn app:app"), _compose("admin", "gunicorn app:app")]
    paths = frozenset({"app.py"})
    assert (
        copied_service(_workload("api-prod", "acme/x:1", "gunicorn app:app"), services, paths)
        is None
    )


def test_workload_is_a_copy_when_its_python_is_spelled_otherwise() -> None:
    services = [
        _compose("flask-api", "python3 src/api.py"),
        _compose("worker", "python3 src/worker.py"),
    ]
    found = copied_service(
        _workload("w-prod", "acme/app:1", "python ./src/worker.py"), services, PATHS
    )
    assert found is not None and found.name == "worker"


def test_workload_is_no_copy_when_its_image_is_named_like_another_code_directory() -> None:
    services = [_compose("api", "python app.py")]
    paths = frozenset({"app.py", "orders/app.py"})
    assert (
        copied_service(_workload("orders-prod", "acme/orders:1", "python app.py"), services, paths)
        is None
    )


def test_workload_is_no_copy_when_the_compose_image_names_another_image() -> None:
    services = [_compose("api", "python src/api.py", image="acme/api:1")]
    services[0].path = ""
    assert (
        copied_service(_workload("x", "acme/other:1", "python src/api.py"), services, PATHS) is None
    )


def test_datastore_workload_is_a_copy_only_when_one_compose_service_runs_that_technology() -> None:
    one = [_compose("redis-db", None, image="redis:7")]
    two = [*one, _compose("cache", None, image="redis:6")]
    found = copied_service(_workload("redis-prod", "redis:7.2", None), one, PATHS)
    assert found is not None and found.name == "redis-db"
    assert copied_service(_workload("redis-prod", "redis:7.2", None), two, PATHS) is None
    assert copied_service(_workload("pg", "postgres:16", None), one, PATHS) is None


def test_workload_is_a_copy_when_compose_tags_the_same_image_and_neither_gives_a_command() -> None:
    orders = _compose("orders", None, image="ghcr.io/acme/orders:latest")
    orders.path = "orders"
    services = [orders, _compose("proxy", None, image="nginx:1.25")]
    paths = frozenset({"orders/app.py"})
    found = copied_service(_workload("orders-deployment", "acme/orders:1.4", None), services, paths)
    assert found is orders
    proxy = copied_service(_workload("ingress-proxy", "nginx:1.27", None), services, paths)
    assert proxy is not None and proxy.name == "proxy"
    running = _workload("orders-migrate", "acme/orders:1.4", "alembic upgrade head")
    assert copied_service(running, services, paths) is None
