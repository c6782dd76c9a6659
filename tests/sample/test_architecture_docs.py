"""ARCHITECTURE.md and expected-graph.json agree with each other and with the sample's code.

Both files are written by hand; these tests keep them honest when the sample changes: every
cited ``path:line`` must exist and hold the quoted code, and the two files must describe the
same links with the same evidence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jsonschema
import pytest

from catalog_api import graph_json
from catalog_api.graph import ServiceGraph

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_system"
GRAPH_PATH = SAMPLE / "expected-graph.json"
DOC_PATH = SAMPLE / "ARCHITECTURE.md"

LINK_HEADER = ("source", "target", "kind", "what", "evidence", "code on that line")
ROUTE_HEADER = ("service", "route", "declared at", "code on that line")
ENV_HEADER = (
    "service",
    "variable",
    "compose value",
    "k8s value",
    "set in compose",
    "set in k8s",
    "read in code",
)
CITATION = re.compile(r"`([\w./-]+\.\w+):(\d+)`")
SNIPPET = re.compile(r"`(.+)`")
MERMAID_NODE = re.compile(r'^\s*(\w+)(\[\(|\(\[|\{\{|\[)"([^"<]+)')
MERMAID_EDGE = re.compile(r"^\s*(\w+)\s*(?:-->|-\.->|==>)\|(\w+)\|\s*(\w+)\s*$")
SHAPE_KINDS = {"[": "service", "[(": "datastore", "{{": "queue", "([": "external"}

Row = dict[str, str]


@cache
def _graph_text() -> str:
    return GRAPH_PATH.read_text(encoding="utf-8")


@cache
def _graph() -> ServiceGraph:
    return graph_json.loads(_graph_text())


@cache
def _doc() -> str:
    return DOC_PATH.read_text(encoding="utf-8")


def _line(path: str, line: int) -> str:
    lines = (SAMPLE / path).read_text(encoding="utf-8").splitlines()
    assert 1 <= line <= len(lines), f"{path}:{line} is past the end of the file"
    return lines[line - 1]


def _tables(text: str) -> Iterator[tuple[tuple[str, ...], list[Row]]]:
    """Every Markdown table as (header, rows), cells stripped."""
    block: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if len(block) >= 2:
            header = tuple(block[0])
            yield header, [dict(zip(header, cells, strict=True)) for cells in block[2:]]
        block = []


def _rows(header: tuple[str, ...]) -> list[Row]:
    rows = [row for found, table in _tables(_doc()) if found == header for row in table]
    assert rows, f"ARCHITECTURE.md has no table with columns {header}"
    return rows


def _location(cell: str) -> tuple[str, int]:
    match = CITATION.fullmatch(cell)
    assert match, f"not a `path:line` cell: {cell!r}"
    return match.group(1), int(match.group(2))


def _snippet(cell: str) -> str:
    match = SNIPPET.fullmatch(cell)
    assert match, f"not a backticked snippet: {cell!r}"
    return match.group(1)


def _mermaid() -> list[str]:
    match = re.search(r"```mermaid\n(.*?)```", _doc(), re.DOTALL)
    assert match, "ARCHITECTURE.md has no mermaid block"
    return match.group(1).splitlines()


# -- expected-graph.json -----------------------------------------------------------------
def test_expected_graph_validates_against_the_schema_when_read_as_json() -> None:
    jsonschema.validate(json.loads(_graph_text()), graph_json.schema())


def test_expected_graph_is_unchanged_when_loaded_and_dumped_again() -> None:
    assert graph_json.dumps(_graph()) == _graph_text()


def test_expected_graph_describes_the_sample_when_its_header_is_read() -> None:
    info = _graph().info
    assert info is not None
    assert (info.source, info.commit, info.time, info.tool_version) == (
        "sample_system",
        None,
        None,
        None,
    )
    assert _graph().diagnostics == []


def test_every_graph_evidence_holds_its_note_when_read_from_the_code() -> None:
    cited = [(e.source, ev) for e in _graph().edges() for ev in e.evidence]
    cited += [(n.id, ev) for n in _graph().nodes() for ev in n.evidence]
    assert cited
    for where, evidence in cited:
        assert evidence.path and evidence.line and evidence.note, f"{where}: {evidence}"
        assert evidence.note in _line(evidence.path, evidence.line), f"{where}: {evidence}"


def test_every_service_node_points_at_its_directory_when_read() -> None:
    services = [n for n in _graph().nodes() if n.kind.value == "service"]
    assert services
    for node in services:
        assert node.path == f"services/{node.name}"
        assert (SAMPLE / node.path).is_dir()


# -- ARCHITECTURE.md ---------------------------------------------------------------------
@pytest.mark.parametrize("header", [LINK_HEADER, ROUTE_HEADER], ids=["links", "routes"])
def test_every_cited_line_holds_its_code_when_read_from_a_table(header: tuple[str, ...]) -> None:
    for row in _rows(header):
        path, line = _location(row[header[-2]])
        assert _snippet(row[header[-1]]) in _line(path, line), row


def test_every_configuration_line_names_its_variable_when_read() -> None:
    for row in _rows(ENV_HEADER):
        variable = row["variable"].strip("`")
        for column in ("set in compose", "set in k8s", "read in code"):
            if row[column] != "-":
                assert variable.lower() in _line(*_location(row[column])).lower(), row
        if row["set in compose"] != "-":
            assert row["compose value"].strip("`") in _line(*_location(row["set in compose"]))


@pytest.mark.parametrize("first_column", ["service", "node"])
def test_every_compose_and_k8s_line_names_its_node_when_read(first_column: str) -> None:
    rows = [row for header, table in _tables(_doc()) if header[0] == first_column for row in table]
    rows = [row for row in rows if "compose" in row and "k8s" in row and row["compose"] != "-"]
    assert rows
    for row in rows:
        name = row[first_column].strip("`").partition(":")[2] or row[first_column]
        assert _line(*_location(row["compose"])) == f"  {name}:", row
        assert _line(*_location(row["k8s"])) == f"  name: {name}", row


def test_every_path_and_line_in_the_doc_exists_when_cited_anywhere() -> None:
    citations = CITATION.findall(_doc())
    assert citations
    for path, line in citations:
        _line(path, int(line))


def test_doc_and_graph_list_the_same_links_when_compared() -> None:
    in_doc = {
        (f"service:{r['source']}", r["target"].strip("`"), r["kind"]) for r in _rows(LINK_HEADER)
    }
    in_graph = {e.key for e in _graph().edges()}
    assert in_doc == in_graph


def test_doc_and_graph_cite_the_same_places_when_compared_link_by_link() -> None:
    in_doc = {
        (f"service:{r['source']}", r["target"].strip("`"), r["kind"], *_location(r["evidence"]))
        for r in _rows(LINK_HEADER)
    }
    in_graph = {(*e.key, ev.path, ev.line) for e in _graph().edges() for ev in e.evidence}
    assert in_doc == in_graph


def test_doc_and_graph_quote_the_same_code_when_citing_the_same_place() -> None:
    in_doc = {
        (*_location(r["evidence"]), _snippet(r["code on that line"])) for r in _rows(LINK_HEADER)
    }
    in_graph = {(ev.path, ev.line, ev.note) for e in _graph().edges() for ev in e.evidence}
    assert in_doc == in_graph


def test_doc_and_graph_list_the_same_routes_when_compared_service_by_service() -> None:
    in_doc = {(r["service"], r["route"].strip("`")) for r in _rows(ROUTE_HEADER)}
    in_graph = {(n.name, route) for n in _graph().nodes() for route in n.routes}
    assert in_doc == in_graph


def test_diagram_draws_every_node_when_its_shapes_are_read() -> None:
    drawn = set()
    for line in _mermaid():
        if match := MERMAID_NODE.match(line):
            drawn.add(f"{SHAPE_KINDS[match.group(2)]}:{match.group(3)}")
    assert drawn == {n.id for n in _graph().nodes()}


def test_diagram_draws_every_link_when_its_arrows_are_read() -> None:
    ids: dict[str, str] = {}
    arrows = []
    for line in _mermaid():
        if match := MERMAID_NODE.match(line):
            ids[match.group(1)] = f"{SHAPE_KINDS[match.group(2)]}:{match.group(3)}"
        elif match := MERMAID_EDGE.match(line):
            arrows.append(match.groups())
    drawn = {(ids[source], ids[target], kind) for source, kind, target in arrows}
    assert len(arrows) == len(drawn)
    assert drawn == {e.key for e in _graph().edges()}
