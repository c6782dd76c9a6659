"""Service boundaries found in public repositories (see realworld/README.md): shared code
outside the service folders mounted into the containers by compose, and sibling app
folders holding no project marker."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import NodeKind, Provenance
from scanner import scan_repository
from scanner.app_folders import split_app_folders
from scanner.findings import AppDefinition, Finding, HttpCall
from scanner.values import Value
from tests.scanner.repo_files import write_repo

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _services(graph: ServiceGraph) -> set[str]:
    return {n.id for n in graph.nodes() if n.kind == NodeKind.SERVICE}


def test_mounted_shared_library_runs_in_the_services_importing_what_it_defines() -> None:
    graph = scan_repository(REALWORLD / "compose_mounted_shared_library")
    assert _edges(graph) == {
        ("service:user_service", "queue:user_exchange", "publish"),
        ("service:auth_service", "queue:user_exchange", "consume"),
    }
    for source in ("service:user_service", "service:auth_service"):
        edge = next(e for e in graph.edges() if e.source == source)
        assert {e.path for e in edge.evidence} == {"rabbit/events.py"}
    # notifier mounts the library but never imports it; no service gets the exchange
    # another service's config object names (the value is a choice among callers)
    assert not any(e.source == "service:notifier" for e in graph.edges())
    assert "queue:auth_exchange" not in {n.id for n in graph.nodes()}
    outside = [d for d in graph.diagnostics if d.code == "outside-services"]
    assert [d.path for d in outside] == ["rabbit/base_aio.py"]


def test_sibling_app_folders_without_markers_are_services_named_by_their_folders() -> None:
    graph = scan_repository(REALWORLD / "sibling_app_folders_without_markers")
    assert _services(graph) == {
        "service:api-gateway",
        "service:order-service",
        "service:reports",
    }
    gateway = graph.node("service:api-gateway")
    assert gateway is not None and gateway.path == "apps/api-gateway"
    assert _edges(graph) == {("service:api-gateway", "service:order-service", "http")}


def _app(path: str) -> Finding:
    return AppDefinition(path, 1, framework="fastapi")


def _call(path: str) -> Finding:
    return HttpCall(path, 1, method="GET", url=Value.of("http://x/"), library="httpx")


def test_one_app_folder_with_a_helper_beside_it_stays_one_project() -> None:
    found = [_app("src/api/main.py"), _call("src/common/client.py")]
    paths = frozenset({"src/api/main.py", "src/common/client.py"})
    assert set(split_app_folders({"src": found}, paths, [])) == {"src"}


def test_app_folders_split_below_a_single_wrapper_and_leave_shared_code_in_place() -> None:
    found = [
        _app("repo/apps/a/app/main.py"),
        _app("repo/apps/b/main.py"),
        _call("repo/apps/common/client.py"),
    ]
    paths = frozenset(f.path for f in found)
    split = split_app_folders({"repo": found}, paths, [])
    assert {k: [f.path for f in v] for k, v in split.items()} == {
        "repo/apps/a": ["repo/apps/a/app/main.py"],
        "repo/apps/b": ["repo/apps/b/main.py"],
        "repo": ["repo/apps/common/client.py"],
    }


def test_marked_project_directories_are_not_split() -> None:
    found = [_app("svc/a/main.py"), _app("svc/b/main.py")]
    paths = frozenset({"svc/requirements.txt", "svc/a/main.py", "svc/b/main.py"})
    assert set(split_app_folders({"svc": found}, paths, [])) == {"svc"}


def test_unset_datastore_url_reaches_the_one_datastore_the_service_depends_on() -> None:
    graph = scan_repository(REALWORLD / "compose_depends_on_datastore_url_unset")
    assert _edges(graph) == {
        ("service:auth_service", "datastore:pg_auth", "db"),
        ("service:user_service", "datastore:pg_user", "db"),
        ("service:order_service", "datastore:order_postgres", "db"),
    }
    edge = next(e for e in graph.edges() if e.source == "service:auth_service")
    assert edge.provenance == {Provenance.STATIC, Provenance.CONFIG}
    assert {(e.path, e.line) for e in edge.evidence} == {
        ("services/auth_service/core/db_helper.py", 8),
        ("docker-compose.yaml", 28),
    }
    unresolved = [d.path for d in graph.diagnostics if d.code == "unresolved-address"]
    assert unresolved == ["services/report_service/main.py"]


def test_library_copied_into_the_image_from_a_wider_build_context_is_the_services(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  orders:\n"
            "    build: {context: ., dockerfile: orders/Dockerfile}\n"
            "  billing:\n"
            "    build: {context: ., dockerfile: billing/Dockerfile}\n"
        ),
        "orders/Dockerfile": "FROM python:3.12\nCOPY common /app/common\nCOPY orders /app\n",
        "billing/Dockerfile": "FROM python:3.12\nCOPY billing /app\n",
        "orders/main.py": "from common.bus import publish\n\npublish({})\n",
        "billing/main.py": "print('billing')\n",
        "common/__init__.py": "",
        "common/bus.py": (
            "import redis\n\n"
            "def publish(event):\n"
            "    redis.Redis(host='cache').publish('orders', str(event))\n"
        ),
    }
    write_repo(tmp_path, files)
    graph = scan_repository(tmp_path)
    # billing copies no ``common``: only orders runs it
    assert {(s, k) for s, _, k in _edges(graph)} == {
        ("service:orders", "cache"),
        ("service:orders", "publish"),
    }


def test_build_context_in_another_letter_case_is_the_directory_of_that_name() -> None:
    graph = scan_repository(REALWORLD / "compose_build_context_letter_case")
    assert _services(graph) == {"service:product_service", "service:user_service"}
    product = graph.node("service:product_service")
    assert product is not None and product.path == "Product_Service/Product_service"
    assert _edges(graph) == {("service:product_service", "service:user_service", "http")}
    notes = [(d.path, d.code) for d in graph.diagnostics if d.code == "build-context-case"]
    assert notes == [("compose.yml", "build-context-case")]


def test_compose_keys_repeated_across_projects_are_named_by_their_container_names() -> None:
    graph = scan_repository(REALWORLD / "compose_same_key_container_names")
    assert _services(graph) == {"service:api-service", "service:stock-service"}
    assert _edges(graph) == {
        ("service:api-service", "service:stock-service", "http"),
        ("service:stock-service", "external:stooq.com", "http"),
    }
    unresolved = [d.path for d in graph.diagnostics if d.code == "unresolved-address"]
    assert unresolved == ["api_service/api_service/settings.py"]  # djongo, DB_HOST unset
