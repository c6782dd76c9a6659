"""End to end over small repositories: service boundaries beyond one compose file of Python
services (non-Python services with their config edges, compose ``extends`` and override
files, Procfiles) give the exact reviewed graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_api import graph_json
from scanner import scan_repository

REPOS = Path(__file__).parent / "repos"


def _comparable(root: Path) -> dict[str, object]:
    document = graph_json.to_dict(scan_repository(root))
    for volatile in ("source", "time", "commit"):
        document.pop(volatile)
    return document


def _expected(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((REPOS / f"{name}.expected.json").read_text())
    return loaded


@pytest.mark.parametrize("name", ["polyglot", "procfile", "compose_projects"])
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
