"""Kubernetes shapes found in public repositories (see realworld/README.md): names spelled
with ``-`` in manifests and ``_`` in code, and Ingresses in front of the workloads."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, NodeKind, Provenance
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _services(graph: ServiceGraph) -> set[str]:
    return {n.id for n in graph.nodes() if n.kind == NodeKind.SERVICE}


def test_hyphenated_deployment_runs_the_underscored_code_directory_when_spelled_so() -> None:
    graph = scan_repository(REALWORLD / "k8s_hyphen_name_underscore_dir")
    assert _services(graph) == {"service:event-bus", "service:posts"}
    assert _edges(graph) == {
        ("service:event-bus", "service:posts", "http"),
        ("service:posts", "service:event-bus", "http"),
    }
    bus = graph.node("service:event-bus")
    assert bus is not None and bus.path == "event_bus" and bus.technology == "fastapi"
    assert {"event-bus-srv", "event_bus"} <= bus.aliases
    call = graph.edge("service:event-bus", "service:posts", EdgeKind.HTTP)
    assert call is not None and {(e.path, e.line) for e in call.evidence} == {
        ("event_bus/app.py", 9)
    }


def test_ingress_is_a_node_with_a_config_edge_to_the_workload_behind_its_backend() -> None:
    graph = scan_repository(REALWORLD / "k8s_ingress_backends")
    assert _edges(graph) == {("service:ingress-srv", "service:posts", "http")}
    ingress = graph.node("service:ingress-srv")
    assert ingress is not None and ingress.technology == "kubernetes-ingress"
    assert ingress.provenance == {Provenance.CONFIG}
    assert ingress.routes == {"ANY /posts/create/"}
    assert ingress.attributes["ingress_class"] == "nginx"
    edge = graph.edge("service:ingress-srv", "service:posts", EdgeKind.HTTP)
    assert edge is not None and edge.provenance == {Provenance.CONFIG}
    assert edge.detail["routes"] == {"ANY /posts/create/"}
    assert {(e.path, e.line) for e in edge.evidence} == {("k8s/posts.yml", 44)}


def test_deployments_one_service_selects_are_one_node_named_after_the_service() -> None:
    graph = scan_repository(REALWORLD / "k8s_service_versions")
    assert _services(graph) == {
        "service:productpage",
        "service:details",
        "service:reviews",
        "service:loadgen-v1",  # selected by no Service: its own name
    }
    assert _edges(graph) == {
        ("service:productpage", "service:details", "http"),
        ("service:productpage", "service:reviews", "http"),
    }
    reviews = graph.node("service:reviews")
    assert reviews is not None and {"reviews-v1", "reviews-v2", "reviews-v3"} <= reviews.aliases
    assert reviews.attributes["versions"].split(",") == [
        f"reviews-{v}=docker.io/istio/examples-bookinfo-reviews-{v}:1.20.1"
        for v in ("v1", "v2", "v3")
    ]
    page = graph.node("service:productpage")
    assert page is not None and page.path == "src/productpage" and page.technology == "flask"
    assert "productpage-v1" in page.aliases


_BROAD_SELECTOR = """\
apiVersion: v1
kind: Service
metadata: {name: shop}
spec:
  selector: {part-of: shop}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-v1}
spec:
  template:
    metadata: {labels: {part-of: shop, app: cart}}
    spec: {containers: [{name: cart, image: acme/cart:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders-v1}
spec:
  template:
    metadata: {labels: {part-of: shop, app: orders}}
    spec: {containers: [{name: orders, image: acme/orders:1}]}
"""


def test_a_service_selecting_unrelated_deployments_leaves_them_apart(tmp_path: Path) -> None:
    graph = scan_repository(write_repo(tmp_path, {"k8s/shop.yaml": _BROAD_SELECTOR}))
    assert _services(graph) == {"service:cart-v1", "service:orders-v1"}


def test_database_name_is_no_host_and_a_shared_build_directory_names_no_service() -> None:
    # POSTGRES_DB: "users" named compose `migrate` (alias `users`, from build.context, shared
    # with `api` and `worker`): neither the value nor the alias says which service it is
    graph = scan_repository(REALWORLD / "k8s_db_name_shared_build_alias")
    assert _edges(graph) == {("service:users-deployment", "datastore:postgres", "db")}


def test_config_env_values_name_hosts_only_by_key_address_form_or_a_unique_name(
    tmp_path: Path,
) -> None:
    built = "    build: ./users\n    command: python -m {}\n"
    compose = (
        "services:\n"
        f"  api:\n{built.format('api')}"
        f"  worker:\n{built.format('worker')}"
        "  web:\n    image: node:20\n    environment:\n"
        "      USERS_URL: http://users/api\n"  # `users`: the shared build directory
        "      APP_DB: api\n"  # a database name that happens to be a service's
        "      MAIL_USER: worker\n"
        "      WORKER_ADDR: worker:9000\n"  # host:port: a host whatever the key
        "      API_HOST: api\n"  # a bare name under a key that says host
    )
    files = {"docker-compose.yml": compose, "users/api.py": "x = 1\n", "users/worker.py": ""}
    graph = scan_repository(write_repo(tmp_path, files))
    from_web = {(t, k) for s, t, k in _edges(graph) if s == "service:web"}
    assert from_web == {("service:worker", "http"), ("service:api", "http")}
    worker = graph.edge("service:web", "service:worker", EdgeKind.HTTP)
    api = graph.edge("service:web", "service:api", EdgeKind.HTTP)
    assert worker is not None and {e.note for e in worker.evidence} == {"WORKER_ADDR=worker:9000"}
    assert api is not None and {e.note for e in api.evidence} == {"API_HOST=api"}
