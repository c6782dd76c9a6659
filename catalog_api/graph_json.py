"""Graph JSON, version 1: the exchange format between every command and for other tools.

Documented in ``docs/graph-format.md``; ``graph_format.schema.json`` beside this module is
its JSON Schema. Output is deterministic: sorted nodes, edges, lists and keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import TypeVar, cast

from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    Node,
    NodeKind,
    Provenance,
    ScanInfo,
    Severity,
    Traffic,
)

FORMAT = "servicemap-graph"
VERSION = 1

JsonObject = dict[str, object]
_E = TypeVar("_E", NodeKind, EdgeKind, Provenance, Severity)


class GraphFormatError(ValueError):
    """The input is not servicemap graph JSON version 1; the message says where."""


def schema() -> JsonObject:
    """The JSON Schema of graph JSON version 1."""
    text = resources.files("catalog_api").joinpath("graph_format.schema.json").read_text()
    return cast(JsonObject, json.loads(text))


# -- writing -----------------------------------------------------------------------------
def to_dict(graph: ServiceGraph) -> JsonObject:
    info = graph.info or ScanInfo(source="")
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": info.source,
        "commit": info.commit,
        "time": info.time,
        "tool_version": info.tool_version,
        "nodes": [_node_to_dict(n) for n in graph.nodes()],
        "edges": [_edge_to_dict(e) for e in graph.edges()],
        "diagnostics": [_diagnostic_to_dict(d) for d in graph.diagnostics],
    }


def dumps(graph: ServiceGraph) -> str:
    return json.dumps(to_dict(graph), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _node_to_dict(node: Node) -> JsonObject:
    return {
        "id": node.id,
        "kind": node.kind.value,
        "name": node.name,
        "technology": node.technology,
        "aliases": sorted(node.aliases),
        "path": node.path,
        "routes": sorted(node.routes),
        "owners": sorted(node.owners),
        "provenance": sorted(p.value for p in node.provenance),
        "evidence": [_evidence_to_dict(e) for e in sorted(node.evidence, key=_evidence_order)],
        "attributes": dict(sorted(node.attributes.items())),
    }


def _edge_to_dict(edge: Edge) -> JsonObject:
    out: JsonObject = {
        "source": edge.source,
        "target": edge.target,
        "kind": edge.kind.value,
        "provenance": sorted(p.value for p in edge.provenance),
        "evidence": [_evidence_to_dict(e) for e in sorted(edge.evidence, key=_evidence_order)],
        "detail": {k: sorted(v) for k, v in sorted(edge.detail.items())},
    }
    if edge.traffic is not None:
        out["traffic"] = _traffic_to_dict(edge.traffic)
    return out


def _evidence_order(e: Evidence) -> tuple[str, int, str, str]:
    return (e.path or "", e.line or 0, e.trace_id or "", e.note or "")


def _evidence_to_dict(e: Evidence) -> JsonObject:
    fields = {"path": e.path, "line": e.line, "trace_id": e.trace_id, "note": e.note}
    return {k: v for k, v in fields.items() if v is not None}


def _traffic_to_dict(t: Traffic) -> JsonObject:
    return {
        "calls": t.calls,
        "errors": t.errors,
        "p50_ms": t.p50_ms,
        "p95_ms": t.p95_ms,
        "p99_ms": t.p99_ms,
        "first_seen": t.first_seen,
        "last_seen": t.last_seen,
    }


def _diagnostic_to_dict(d: Diagnostic) -> JsonObject:
    return {
        "path": d.path,
        "line": d.line,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
    }


# -- reading -----------------------------------------------------------------------------
def loads(text: str) -> ServiceGraph:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GraphFormatError(f"not JSON: {exc}") from exc
    return from_dict(data)


def from_dict(data: object) -> ServiceGraph:
    doc = _obj(data, "document")
    if doc.get("format") != FORMAT:
        raise GraphFormatError(f"'format' must be {FORMAT!r}")
    if doc.get("version") != VERSION:
        raise GraphFormatError(f"unsupported version {doc.get('version')!r}; expected {VERSION}")
    graph = ServiceGraph(
        ScanInfo(
            source=_str(doc.get("source", ""), "source"),
            commit=_opt_str(doc.get("commit"), "commit"),
            time=_opt_str(doc.get("time"), "time"),
            tool_version=_opt_str(doc.get("tool_version"), "tool_version"),
        )
    )
    for i, raw in enumerate(_list(doc.get("nodes", []), "nodes")):
        graph.add_node(_node_from_dict(_obj(raw, f"nodes[{i}]"), f"nodes[{i}]"))
    for i, raw in enumerate(_list(doc.get("edges", []), "edges")):
        where = f"edges[{i}]"
        try:
            graph.add_edge(_edge_from_dict(_obj(raw, where), where))
        except KeyError as exc:
            raise GraphFormatError(f"{where}: {exc.args[0]}") from exc
    for i, raw in enumerate(_list(doc.get("diagnostics", []), "diagnostics")):
        graph.add_diagnostic(_diagnostic_from_dict(_obj(raw, f"diagnostics[{i}]"), i))
    return graph


def _node_from_dict(d: Mapping[str, object], where: str) -> Node:
    kind = _enum(NodeKind, d.get("kind"), f"{where}.kind")
    name = _str(d.get("name"), f"{where}.name")
    node = Node(
        kind=kind,
        name=name,
        technology=_opt_str(d.get("technology"), f"{where}.technology"),
        aliases=frozenset(_strs(d.get("aliases", []), f"{where}.aliases")),
        path=_opt_str(d.get("path"), f"{where}.path"),
        routes=frozenset(_strs(d.get("routes", []), f"{where}.routes")),
        owners=frozenset(_strs(d.get("owners", []), f"{where}.owners")),
        provenance=_provenance(d.get("provenance", []), f"{where}.provenance"),
        evidence=_evidence(d.get("evidence", []), f"{where}.evidence"),
        attributes=_str_map(d.get("attributes", {}), f"{where}.attributes"),
    )
    if "id" in d and d["id"] != node.id:
        raise GraphFormatError(f"{where}.id {d['id']!r} does not match kind:name {node.id!r}")
    return node


def _edge_from_dict(d: Mapping[str, object], where: str) -> Edge:
    detail = _obj(d.get("detail", {}), f"{where}.detail")
    traffic = d.get("traffic")
    return Edge(
        source=_str(d.get("source"), f"{where}.source"),
        target=_str(d.get("target"), f"{where}.target"),
        kind=_enum(EdgeKind, d.get("kind"), f"{where}.kind"),
        provenance=_provenance(d.get("provenance", []), f"{where}.provenance"),
        evidence=_evidence(d.get("evidence", []), f"{where}.evidence"),
        detail={k: frozenset(_strs(v, f"{where}.detail.{k}")) for k, v in detail.items()},
        traffic=None if traffic is None else _traffic(_obj(traffic, f"{where}.traffic"), where),
    )


def _traffic(d: Mapping[str, object], where: str) -> Traffic:
    return Traffic(
        calls=_int(d.get("calls"), f"{where}.traffic.calls"),
        errors=_int(d.get("errors", 0), f"{where}.traffic.errors"),
        p50_ms=_opt_float(d.get("p50_ms"), f"{where}.traffic.p50_ms"),
        p95_ms=_opt_float(d.get("p95_ms"), f"{where}.traffic.p95_ms"),
        p99_ms=_opt_float(d.get("p99_ms"), f"{where}.traffic.p99_ms"),
        first_seen=_opt_str(d.get("first_seen"), f"{where}.traffic.first_seen"),
        last_seen=_opt_str(d.get("last_seen"), f"{where}.traffic.last_seen"),
    )


def _diagnostic_from_dict(d: Mapping[str, object], i: int) -> Diagnostic:
    where = f"diagnostics[{i}]"
    line = d.get("line")
    return Diagnostic(
        path=_str(d.get("path"), f"{where}.path"),
        line=None if line is None else _int(line, f"{where}.line"),
        severity=_enum(Severity, d.get("severity"), f"{where}.severity"),
        code=_str(d.get("code"), f"{where}.code"),
        message=_str(d.get("message"), f"{where}.message"),
    )


def _provenance(value: object, where: str) -> frozenset[Provenance]:
    return frozenset(_enum(Provenance, v, where) for v in _list(value, where))


def _evidence(value: object, where: str) -> frozenset[Evidence]:
    found = set()
    for i, raw in enumerate(_list(value, where)):
        d = _obj(raw, f"{where}[{i}]")
        line = d.get("line")
        found.add(
            Evidence(
                path=_opt_str(d.get("path"), f"{where}[{i}].path"),
                line=None if line is None else _int(line, f"{where}[{i}].line"),
                trace_id=_opt_str(d.get("trace_id"), f"{where}[{i}].trace_id"),
                note=_opt_str(d.get("note"), f"{where}[{i}].note"),
            )
        )
    return frozenset(found)


# -- small typed readers: no Any leaks from parsed JSON into the model -------------------
def _obj(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise GraphFormatError(f"{where} must be an object")
    return cast(dict[str, object], value)


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise GraphFormatError(f"{where} must be a list")
    return cast(list[object], value)


def _str(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise GraphFormatError(f"{where} must be a string")
    return value


def _opt_str(value: object, where: str) -> str | None:
    return None if value is None else _str(value, where)


def _strs(value: object, where: str) -> list[str]:
    return [_str(v, where) for v in _list(value, where)]


def _str_map(value: object, where: str) -> dict[str, str]:
    return {k: _str(v, f"{where}.{k}") for k, v in _obj(value, where).items()}


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise GraphFormatError(f"{where} must be an integer")
    return value


def _opt_float(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GraphFormatError(f"{where} must be a number")
    return float(value)


def _enum(enum: type[_E], value: object, where: str) -> _E:
    try:
        return enum(_str(value, where))
    except ValueError:
        allowed = "|".join(m.value for m in enum)
        raise GraphFormatError(f"{where} must be one of {allowed}, not {value!r}") from None
