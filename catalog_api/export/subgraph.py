"""Graph transformations for views: one small pure function each (as in Backstage's
catalog-graph), returning a new graph and never touching the one given."""

from __future__ import annotations

from collections.abc import Collection

from catalog_api.graph import ServiceGraph
from catalog_api.model import NodeKind


def of_kinds(graph: ServiceGraph, kinds: Collection[NodeKind]) -> ServiceGraph:
    """Only the nodes of ``kinds`` and the edges between them; all of ``graph`` when
    ``kinds`` is empty. Diagnostics and scan info are kept."""
    if not kinds:
        return graph
    kept = ServiceGraph(graph.info)
    kept.add_diagnostics(graph.diagnostics)
    for node in graph.nodes():
        if node.kind in kinds:
            kept.add_node(node)
    for edge in graph.edges():
        if edge.source in kept and edge.target in kept:
            kept.add_edge(edge)
    return kept
