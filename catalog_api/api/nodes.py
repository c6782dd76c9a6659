"""``GET /api/nodes`` and ``GET /api/nodes/{id}``: the catalog, one entry per node.

Entries use graph JSON v1's node and edge shapes (built by ``graph_json`` over a small
subgraph), so a client parses one format whichever endpoint it reads.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.convertors import PathConvertor, register_url_convertor

from catalog_api import graph_json
from catalog_api.api.dependencies import CurrentView, view_fields
from catalog_api.api.errors import ApiError
from catalog_api.export.subgraph import of_kinds
from catalog_api.graph import ServiceGraph
from catalog_api.model import NodeKind


class AnyPathConvertor(PathConvertor):
    """Starlette's ``path`` with newlines too: node names come from scanned repositories
    and may hold any character, and each node must stay reachable by its id."""

    regex = r"[\s\S]+"


register_url_convertor("anypath", AnyPathConvertor())

router = APIRouter(prefix="/api", tags=["nodes"])


@router.get("/nodes")
def list_nodes(
    view: CurrentView,
    kind: Annotated[list[NodeKind] | None, Query(description="keep only these kinds")] = None,
) -> dict[str, object]:
    """Every node of the view (sorted by kind, then name), optionally of some kinds."""
    nodes_only = ServiceGraph()
    for node in of_kinds(view.graph, kind or []).nodes():
        nodes_only.add_node(node)
    return {**view_fields(view), "nodes": graph_json.to_dict(nodes_only)["nodes"]}


@router.get("/nodes/{node_id:anypath}")
def read_node(node_id: str, view: CurrentView) -> dict[str, object]:
    """One node with its incoming and outgoing edges (evidence included) and, for naming
    them, the kind and name of every neighbour."""
    graph = view.graph
    node = graph.node(node_id)
    if node is None:
        where = f"snapshot {view.single.id}" if view.single else "the catalog view"
        raise ApiError(404, "unknown-node", f"no node {node_id!r} in {where}")
    around = ServiceGraph()
    around.add_node(node)
    edges = graph.edges_of(node_id)
    for edge in edges:
        for end in (edge.source, edge.target):
            neighbour = graph.node(end)
            if neighbour is not None:
                around.add_node(neighbour)
        around.add_edge(edge)
    doc = graph_json.to_dict(around)
    edge_dicts = _dicts(doc["edges"])
    return {
        **view_fields(view),
        "node": next(n for n in _dicts(doc["nodes"]) if n["id"] == node_id),
        "incoming": [e for e in edge_dicts if e["target"] == node_id],
        "outgoing": [e for e in edge_dicts if e["source"] == node_id],
        "neighbours": {
            n.id: {"kind": n.kind.value, "name": n.name} for n in around.nodes() if n.id != node_id
        },
    }


def _dicts(value: object) -> list[dict[str, object]]:
    assert isinstance(value, list)
    return [d for d in value if isinstance(d, dict)]
