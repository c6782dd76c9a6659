"""A drift report as JSON, the shape ``servicemap drift --json`` prints and ``GET /api/drift``
serves (documented in ``docs/drift.md``). Edges use graph JSON v1's edge shape plus a
``reason``, so a client that reads graphs reads these too. Deterministic: sorted keys and
lists, like every servicemap output."""

from __future__ import annotations

from collections.abc import Sequence

from catalog_api import graph_json
from catalog_api.graph import ServiceGraph
from catalog_api.merge.drift import DriftEdge, DriftReport
from catalog_api.model import Node, NodeKind, ScanInfo

FORMAT = "servicemap-drift"
VERSION = 1

JsonObject = dict[str, object]


def to_dict(
    report: DriftReport, *, static_snapshot: int | None = None, observed_snapshot: int | None = None
) -> JsonObject:
    """``report`` as a JSON object; the snapshot ids say where each side was read from
    (null for a graph JSON file)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "has_drift": report.has_drift,
        "static": _side(report.static, static_snapshot),
        "observed": _side(report.observed, observed_snapshot),
        "counts": {
            "in_both": report.in_both,
            "code_only": len(report.code_only),
            "traffic_only": len(report.traffic_only),
        },
        "code_only": _edges(report.code_only),
        "traffic_only": _edges(report.traffic_only),
        "ambiguous": [
            {"observed": a.observed, "candidates": list(a.candidates)} for a in report.ambiguous
        ],
    }


def _side(info: ScanInfo | None, snapshot: int | None) -> JsonObject:
    info = info or ScanInfo(source="")
    return {"snapshot": snapshot, "source": info.source, "commit": info.commit, "time": info.time}


def _edges(found: Sequence[DriftEdge]) -> list[JsonObject]:
    """Each edge in graph JSON's edge shape, with its reason."""
    holder = ServiceGraph()
    for entry in found:
        for end in (entry.edge.source, entry.edge.target):
            holder.add_node(_node_of(end))
        holder.add_edge(entry.edge)
    reasons = {entry.edge.key: entry.reason.value for entry in found}
    out = []
    for obj in _objects(graph_json.to_dict(holder)["edges"]):
        key = (str(obj["source"]), str(obj["target"]), str(obj["kind"]))
        out.append({**obj, "reason": reasons[key]})
    return out


def _node_of(node_id: str) -> Node:
    """A bare node for an id: ids are ``kind:name`` (:func:`catalog_api.model.node_id`)."""
    kind, _, name = node_id.partition(":")
    return Node(NodeKind(kind), name)


def _objects(value: object) -> list[JsonObject]:
    assert isinstance(value, list)
    return [v for v in value if isinstance(v, dict)]
