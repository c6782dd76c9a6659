"""Graphs to table rows and back, independent of the database engine.

A node row is its id, kind and name (the columns queries and diffs need) plus a JSON payload
holding the rest of its graph JSON v1 object; an edge row is source, target and kind plus the
rest. Going through :mod:`catalog_api.graph_json` keeps one serialisation of the model and
its validation on the way back in, so a hand-edited or corrupted row fails with the same
clear :class:`~catalog_api.graph_json.GraphFormatError` a bad graph file would.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import cast

from catalog_api import graph_json
from catalog_api.graph import ServiceGraph
from catalog_api.model import ScanInfo

NodeRow = tuple[str, str, str, str]  # node_id, kind, name, payload
EdgeRow = tuple[str, str, str, str]  # source, target, kind, payload
DiagnosticRow = tuple[str, int | None, str, str, str]  # path, line, severity, code, message

_NODE_COLUMNS: tuple[str, str, str] = ("id", "kind", "name")
_EDGE_COLUMNS: tuple[str, str, str] = ("source", "target", "kind")
_DIAGNOSTIC_COLUMNS = ("path", "line", "severity", "code", "message")


@dataclass(frozen=True, slots=True)
class GraphRows:
    """A graph as the rows of the nodes, edges and diagnostics tables."""

    info: ScanInfo
    nodes: list[NodeRow]
    edges: list[EdgeRow]
    diagnostics: list[DiagnosticRow]

    @classmethod
    def of(cls, graph: ServiceGraph) -> GraphRows:
        doc = graph_json.to_dict(graph)
        return cls(
            info=graph.info or ScanInfo(source=""),
            nodes=[_split(n, _NODE_COLUMNS) for n in _objects(doc["nodes"])],
            edges=[_split(e, _EDGE_COLUMNS) for e in _objects(doc["edges"])],
            diagnostics=[
                cast(DiagnosticRow, tuple(d[c] for c in _DIAGNOSTIC_COLUMNS))
                for d in _objects(doc["diagnostics"])
            ],
        )

    def to_graph(self) -> ServiceGraph:
        """The graph these rows hold; raises GraphFormatError when a row is malformed."""
        doc: dict[str, object] = {
            "format": graph_json.FORMAT,
            "version": graph_json.VERSION,
            "source": self.info.source,
            "commit": self.info.commit,
            "time": self.info.time,
            "tool_version": self.info.tool_version,
            "nodes": [_join(row, _NODE_COLUMNS) for row in self.nodes],
            "edges": [_join(row, _EDGE_COLUMNS) for row in self.edges],
            "diagnostics": [
                dict(zip(_DIAGNOSTIC_COLUMNS, d, strict=True)) for d in self.diagnostics
            ],
        }
        return graph_json.from_dict(doc)


def _objects(value: object) -> list[Mapping[str, object]]:
    return cast(list[Mapping[str, object]], value)


def _split(obj: Mapping[str, object], columns: tuple[str, str, str]) -> tuple[str, str, str, str]:
    """The three key columns of a node or edge object, then the rest of it as JSON."""
    first, second, third = (cast(str, obj[c]) for c in columns)
    rest = {k: v for k, v in obj.items() if k not in columns}
    payload = json.dumps(rest, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (first, second, third, payload)


def _join(row: Iterable[str], columns: tuple[str, str, str]) -> dict[str, object]:
    *keys, payload = row
    try:
        rest = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise graph_json.GraphFormatError(f"stored payload of {keys} is not JSON") from exc
    if not isinstance(rest, dict):
        raise graph_json.GraphFormatError(f"stored payload of {keys} is not an object")
    return {**rest, **dict(zip(columns, keys, strict=True))}
