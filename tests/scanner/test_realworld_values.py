"""Value shapes found in public multi-service repositories (see realworld/README.md and each
case's expected.md): star imports, settings properties with concatenated f-strings or a
guard return, config factories and gateway service registries."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _codes(graph: ServiceGraph) -> set[str]:
    return {d.code for d in graph.diagnostics}


def test_star_imported_client_and_model_base_give_their_database_edges() -> None:
    graph = scan_repository(REALWORLD / "star_import_hides_client")
    assert _edges(graph) == {
        ("service:customers", "datastore:commanddb", "db"),  # nameko_sqlalchemy, models' Base
        ("service:customers", "datastore:querydb", "db"),  # ``from mongoengine import *``
    }
    mongo = graph.edge("service:customers", "datastore:querydb", EdgeKind.DB)
    assert mongo is not None
    assert ("customers/customers/models.py", 15) in {(e.path, e.line) for e in mongo.evidence}
    assert not _codes(graph) & {"unresolved-address", "tables-without-database"}


def test_settings_properties_give_the_database_edge_with_a_guard_or_split_fstrings() -> None:
    graph = scan_repository(REALWORLD / "settings_property_fstring_concat_and_guard")
    assert _edges(graph) == {
        ("service:auth_service", "datastore:postgres", "db"),
        ("service:billing_service", "datastore:postgres", "db"),
    }
    assert "unresolved-address" not in _codes(graph)


def test_config_factory_attribute_gives_the_grpc_edge() -> None:
    graph = scan_repository(REALWORLD / "config_factory_function")
    assert _edges(graph) == {("service:client", "service:server", "grpc")}
    grpc = graph.edge("service:client", "service:server", EdgeKind.GRPC)
    assert grpc is not None
    assert ("docker-compose.yml", 10) in {(e.path, e.line) for e in grpc.evidence}
    assert "unresolved-address" not in _codes(graph)


def test_gateway_registry_gives_an_edge_per_registered_service() -> None:
    graph = scan_repository(REALWORLD / "gateway_service_registry_dict")
    assert _edges(graph) == {
        ("service:api_gateway", "service:auth_service", "http"),
        ("service:api_gateway", "service:order_service", "http"),
    }
    assert "unresolved-url" not in _codes(graph)
