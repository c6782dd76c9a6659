"""End to end: the scanner against the bundled sample system and its hand-written oracle.

``sample_system/expected-graph.json`` is written by hand from the code (ARCHITECTURE.md);
the scan must find exactly its nodes and edges, with the same facts, and cite only places the
oracle cites too. What the scanner cannot reach yet is named in OUT_OF_REACH, edge by edge.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest

import scanner
from catalog_api import graph_json
from catalog_api.export import render
from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, Provenance

SAMPLE = Path(__file__).resolve().parents[2] / "sample_system"
CONFIG_FILES = re.compile(r"^(docker-compose[^/]*\.ya?ml|k8s/.*|\.env.*)$")

# Edges of the oracle the scanner does not find yet: (source, target, kind) -> why.
OUT_OF_REACH: dict[tuple[str, str, str], str] = {}


@cache
def _scanned() -> ServiceGraph:
    return scanner.scan_repository(SAMPLE)


@cache
def _expected() -> ServiceGraph:
    return graph_json.loads((SAMPLE / "expected-graph.json").read_text(encoding="utf-8"))


def _edges(graph: ServiceGraph) -> dict[tuple[str, str, str], Edge]:
    return {e.key: e for e in graph.edges()}


def _code_places(edge: Edge) -> set[tuple[str | None, int | None]]:
    return {(e.path, e.line) for e in edge.evidence if not CONFIG_FILES.match(e.path or "")}


def test_scan_finds_exactly_the_oracles_nodes_when_run_on_the_sample() -> None:
    assert [n.id for n in _scanned().nodes()] == [n.id for n in _expected().nodes()]


def test_scan_finds_the_oracles_edges_when_run_on_the_sample() -> None:
    found, expected = set(_edges(_scanned())), set(_edges(_expected()))
    assert sorted(expected - found) == sorted(OUT_OF_REACH)
    assert sorted(found - expected) == []


def test_scan_reports_no_diagnostics_when_run_on_the_sample() -> None:
    assert _scanned().diagnostics == []


@pytest.mark.parametrize("field", ["kind", "technology", "path", "routes"])
def test_scanned_nodes_carry_the_oracles_facts_when_compared(field: str) -> None:
    expected = {n.id: getattr(n, field) for n in _expected().nodes()}
    found = {n.id: getattr(n, field) for n in _scanned().nodes()}
    assert found == expected


def test_scanned_edges_carry_the_oracles_detail_when_compared() -> None:
    expected = _edges(_expected())
    for key, edge in _edges(_scanned()).items():
        assert dict(edge.detail) == dict(expected[key].detail), key


def test_scanned_edges_cite_only_places_the_oracle_cites_when_compared() -> None:
    expected = _edges(_expected())
    for key, edge in _edges(_scanned()).items():
        cited = _code_places(edge)
        assert cited, f"{key} has no evidence in code"
        assert cited <= _code_places(expected[key]), key


def test_scanned_edges_are_static_when_found_in_code() -> None:
    for edge in _scanned().edges():
        assert Provenance.STATIC in edge.provenance, edge.key


def test_svg_of_the_sample_shows_every_node_and_edge_when_exported() -> None:
    root = ET.fromstring(render(_scanned(), "svg"))
    ids = {unquote(g.attrib.get("id", "")) for g in root.iter("{http://www.w3.org/2000/svg}g")}
    for node in _scanned().nodes():
        assert f"node:{node.id}" in ids, node.id
    edge_ids = {i for i in ids if i.startswith("edge:")}
    assert len(edge_ids) == len(_scanned().edges())


def test_mermaid_of_the_sample_names_every_node_and_edge_when_exported() -> None:
    text = render(_scanned(), "mermaid").decode()
    assert text.startswith("flowchart LR")
    for node in _scanned().nodes():
        assert node.name in text, node.id
    arrows = [line for line in text.splitlines() if re.search(r"(-->|-\.->|==>)", line)]
    assert len(arrows) == len(_scanned().edges())
