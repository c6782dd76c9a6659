"""End to end over small repositories: service boundaries beyond one compose file of Python
services (non-Python services with their config edges, compose ``extends`` and override
files, Procfiles) give the exact reviewed graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_api import graph_json
from catalog_api.model import Provenance
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

REPOS = Path(__file__).parent / "repos"


def _comparable(root: Path) -> dict[str, object]:
    document = graph_json.to_dict(scan_repository(root))
    for volatile in ("source", "time", "commit"):
        document.pop(volatile)
    return document


def _expected(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((REPOS / f"{name}.expected.json").read_text())
    return loaded


@pytest.mark.parametrize(
    "name",
    [
        "polyglot",
        "procfile",
        "compose_projects",
        "k8s_polyglot",
        "proxies",
        "dockerfile_env",
        "fixed_addresses",
        "two_projects",
    ],
)
def test_scan_gives_the_reviewed_graph_when_run_on_a_boundary_repository(name: str) -> None:
    assert _comparable(REPOS / name) == _expected(name)


def test_non_python_services_get_config_edges_when_python_ones_do_not() -> None:
    graph = scan_repository(REPOS / "polyglot")
    by_source = {(e.source, e.target): e for e in graph.edges()}
    assert by_source[("service:billing", "datastore:cache")].kind.value == "cache"
    assert ("service:api", "datastore:cache") not in by_source  # depends_on only, Python
    languages = {n.name: n.attributes.get("language") for n in graph.nodes()}
    assert languages["billing"] == "go" and languages["reports"] == "java"
    assert languages["api"] is None


def test_procfile_processes_are_services_when_no_manifest_declares_the_directory() -> None:
    graph = scan_repository(REPOS / "procfile")
    names = {n.name for n in graph.nodes() if n.kind.value == "service"}
    assert names == {"billing", "shop", "shop-worker"}  # billing/Procfile: compose wins


def test_compose_extends_and_overrides_merge_when_projects_stay_apart() -> None:
    graph = scan_repository(REPOS / "compose_projects")
    edges = {(e.source, e.target): e for e in graph.edges()}
    jobs_url = {ev.note for ev in edges[("service:web", "service:jobs")].evidence}
    assert "JOBS_URL=http://jobs:9000" in jobs_url  # the override file wins
    assert ("service:jobs", "datastore:cache") in edges  # env from extends: {file: ...}
    assert ("service:admin-web", "datastore:admin-db") in edges  # the other project's web
    assert "deploy-jobs" not in {n.name for n in graph.nodes()}  # deploy/ copy merged


def test_base_images_skip_flags_when_a_from_line_has_them() -> None:
    from scanner.config.repository import base_images

    text = "FROM --platform=linux/amd64 golang:1.22 AS build\nRUN go build\nFROM alpine:3\n"
    assert base_images(text) == ["golang:1.22", "alpine:3"]


@pytest.mark.parametrize(
    ("image", "language"),
    [
        ("node:20-alpine", "node"),
        ("eclipse-temurin:21-jre", "java"),
        ("docker.io/library/openjdk:17", "java"),
        ("envoyproxy/envoy:v1.29-latest", "envoy"),
        ("mcr.microsoft.com/dotnet/aspnet:8.0", "dotnet"),
        ("ghcr.io/acme/runtime:1", None),
        ("jaegertracing/all-in-one", None),
    ],
)
def test_image_language_is_read_from_the_name_when_the_image_is_known(
    image: str, language: str | None
) -> None:
    from scanner.images import image_language

    assert image_language(image) == language


def test_extends_stops_when_services_extend_each_other(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n"
        "  a:\n    extends: b\n    image: node:20\n"
        "  b:\n    extends:\n      service: a\n    environment:\n      X: '1'\n"
    )
    graph = scan_repository(tmp_path)
    nodes = {n.name: n for n in graph.nodes()}
    assert nodes["a"].attributes["language"] == "node"


def test_kubernetes_workloads_of_other_languages_get_config_edges_when_env_names_services() -> None:
    graph = scan_repository(REPOS / "k8s_polyglot")
    edges = {(e.source, e.target): e for e in graph.edges()}
    frontend = edges[("service:frontend", "service:orders-api")]  # via the Service "orders"
    assert {e.note for e in frontend.evidence} >= {"ORDERS_URL=http://orders:8000"}
    assert frontend.provenance == {Provenance.CONFIG}
    billing = edges[("service:billing", "service:orders-api")]  # cluster DNS name
    assert billing.provenance == {Provenance.CONFIG}
    assert edges[("service:billing", "datastore:billing-db")].kind.value == "db"
    assert "billing.example.com" not in {n.name for n in graph.nodes()}  # its own public URL


def test_workload_is_the_directory_service_when_its_image_is_named_like_the_directory() -> None:
    graph = scan_repository(REPOS / "k8s_polyglot")
    services = {n.name: n for n in graph.nodes() if n.kind.value == "service"}
    assert set(services) == {"orders-api", "frontend", "billing", "inventory", "gateway"}
    assert services["orders-api"].path == "orders"
    assert "orders" in services["orders-api"].aliases


def test_overlay_and_release_copies_add_no_nodes_or_edges_when_a_base_declares_them() -> None:
    graph = scan_repository(REPOS / "k8s_polyglot")
    names = {n.name for n in graph.nodes()}
    assert not {"orders-canary", "orders-v1"} & names
    frontend = [e for e in graph.edges() if e.source == "service:frontend"]
    assert [e.target for e in frontend] == ["service:orders-api"]
    assert all(ev.path == "k8s/base/frontend.yaml" for e in frontend for ev in e.evidence)


def test_kubernetes_datastores_are_datastore_nodes_when_only_a_manifest_runs_them() -> None:
    graph = scan_repository(REPOS / "k8s_polyglot")
    db = graph.node("datastore:orders-db")
    assert db is not None and db.technology == "postgres"
    assert db.attributes["addresses"] == "10.96.0.20:5432"  # the Service's clusterIP and port
    assert graph.node("datastore:billing-db") is not None


def test_config_edge_is_grpc_when_the_kubernetes_port_it_names_speaks_grpc() -> None:
    graph = scan_repository(REPOS / "k8s_polyglot")
    kinds = {
        e.kind.value for e in graph.edges() if e.key[:2] == ("service:billing", "service:inventory")
    }
    assert kinds == {"grpc", "http"}  # 50051 is probed with grpc:, port 80 is plain http


def test_workload_code_directory_is_found_when_named_like_its_image() -> None:
    graph = scan_repository(REPOS / "k8s_polyglot")
    billing = graph.node("service:billing")
    assert billing is not None and billing.path == "services/billing-go"
    assert billing.attributes["language"] == "go"  # the build stage's, not distroless'


def test_localhost_port_is_the_service_publishing_it_when_one_compose_service_does() -> None:
    graph = scan_repository(REPOS / "fixed_addresses")
    edges = {e.key[:2] for e in graph.edges()}
    assert ("service:reports", "service:orders") in edges  # host.docker.internal:8000
    assert ("service:reports", "datastore:reports-db") in edges  # localhost:15432
    # its own container port is a self-call; a port nothing publishes reaches nothing
    local = sorted((d.line or 0, d.code) for d in graph.diagnostics)
    assert local == [(15, "self-call"), (16, "local-address")]


def test_each_project_keeps_its_datastore_when_two_projects_name_one_alike() -> None:
    graph = scan_repository(REPOS / "two_projects")
    edges = {e.key[:2] for e in graph.edges()}
    assert ("service:backend", "datastore:db") in edges
    assert ("service:main-backend", "datastore:main-db") in edges  # "db" in main/ is main's
    assert ("service:main-backend", "datastore:db") not in edges


def test_findings_go_to_the_service_whose_command_runs_the_file_when_a_directory_is_shared() -> (
    None
):
    graph = scan_repository(REPOS / "two_projects")
    consumers = {e.source for e in graph.edges() if e.kind.value == "consume"}
    assert consumers == {"service:queue", "service:main-queue"}  # python -u consumer.py
    calls = {e.key[:2] for e in graph.edges() if e.kind.value == "http"}
    assert calls == {("service:main-backend", "service:backend")}  # docker.for.mac.localhost


def test_a_generated_grpc_stub_imported_from_another_service_is_no_import_edge(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": "services:\n  shop: {build: ./shop}\n  catalog: {build: ./catalog}\n",
        "catalog/protos/__init__.py": "",
        "catalog/protos/catalog_pb2.py": "DESCRIPTOR = None\n",
        "catalog/protos/catalog_pb2_grpc.py": "class CatalogStub:\n    pass\n",
        "catalog/protos/shared.py": "TIMEOUT = 5\n",
        "catalog/server.py": "from protos import catalog_pb2_grpc\n",
        "shop/app.py": (
            "from protos.catalog_pb2_grpc import CatalogStub\nimport protos.catalog_pb2\n"
            "from protos.shared import TIMEOUT\n"
        ),
    }
    write_repo(tmp_path, files)
    imports = [e for e in scan_repository(tmp_path).edges() if e.kind.value == "import"]
    assert [(e.source, e.target) for e in imports] == [("service:shop", "service:catalog")]
    assert {ev.path for ev in imports[0].evidence} == {"shop/app.py"}
    assert {ev.line for ev in imports[0].evidence} == {3}  # the shared module, not the stubs


def test_generated_stubs_imported_by_name_from_another_services_package_are_no_import_edge(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n  person: {build: ./person}\n  location: {build: ./location}\n"
        ),
        "location/protos/__init__.py": "",
        "location/protos/location_pb2.py": "DESCRIPTOR = None\n",
        "location/protos/location_pb2_grpc.py": "class LocationStub:\n    pass\n",
        "location/protos/shared.py": "TIMEOUT = 5\n",
        "location/server.py": "from protos import location_pb2_grpc\n",
        "person/app.py": (
            "from protos import location_pb2, location_pb2_grpc\n"
            "from protos import (\n    location_pb2 as pb,\n    location_pb2_grpc as rpc,\n)\n"
        ),
        "person/settings.py": "from protos import location_pb2, shared\n",
    }
    write_repo(tmp_path, files)
    imports = [e for e in scan_repository(tmp_path).edges() if e.kind.value == "import"]
    assert [(e.source, e.target) for e in imports] == [("service:person", "service:location")]
    assert {(ev.path, ev.line) for ev in imports[0].evidence} == {("person/settings.py", 1)}
