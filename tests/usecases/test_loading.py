from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api import graph_json
from catalog_api.graph import ServiceGraph
from catalog_api.model import Diagnostic, Node, NodeKind, ScanInfo, Severity
from catalog_api.store import SqliteGraphStore
from catalog_api.usecases import (
    GraphSummary,
    InputError,
    NoSnapshotError,
    load_graph,
    load_graph_file,
)


def _graph(commit: str) -> ServiceGraph:
    graph = ServiceGraph(ScanInfo(source="/repo", commit=commit))
    graph.add_node(Node(NodeKind.SERVICE, "orders"))
    return graph


def test_load_graph_returns_newest_when_no_id_given(tmp_path: Path) -> None:
    store = SqliteGraphStore(tmp_path / "s.db")
    first = store.save(_graph("aaaa"))
    store.save(_graph("bbbb"))
    assert load_graph(store).info == ScanInfo(source="/repo", commit="bbbb")
    assert load_graph(store, first.id).info == ScanInfo(source="/repo", commit="aaaa")


def test_load_graph_raises_no_snapshot_when_store_empty_or_id_unknown(tmp_path: Path) -> None:
    store = SqliteGraphStore(tmp_path / "s.db")
    with pytest.raises(NoSnapshotError, match="no snapshots yet"):
        load_graph(store)
    store.save(_graph("aaaa"))
    with pytest.raises(NoSnapshotError, match="no snapshot 5"):
        load_graph(store, 5)


def test_load_graph_file_reads_graph_json_when_file_valid(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(graph_json.dumps(_graph("cccc")))
    assert "service:orders" in load_graph_file(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "cannot read"), ("[1, 2]", "is not servicemap graph JSON"), ("{", "not JSON")],
)
def test_load_graph_file_raises_input_error_when_file_unusable(
    tmp_path: Path, content: str | None, reason: str
) -> None:
    path = tmp_path / "g.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=reason):
        load_graph_file(path)


def test_summary_threshold_includes_worse_severities_when_warning_asked() -> None:
    graph = _graph("aaaa")
    error = Diagnostic("a.py", 1, Severity.ERROR, "syntax-error", "x")
    warning = Diagnostic("b.py", 2, Severity.WARNING, "unresolved-url", "y")
    graph.add_diagnostics([error, warning, Diagnostic("c.py", 3, Severity.INFO, "note", "z")])
    summary = GraphSummary.of(graph)
    assert summary.at_least(Severity.WARNING) == [error, warning]
    assert summary.at_least(Severity.ERROR) == [error]
    assert summary.counts() == {"services": 1, "datastores": 0, "queues": 0, "externals": 0,
                                "edges": 0, "diagnostics": 3}  # fmt: skip
