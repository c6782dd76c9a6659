"""The service graph: nodes and edges of the core model behind a small, deterministic API.

networkx stays behind these methods so callers never depend on its data layout; every
listing is sorted, so exports and golden files are byte-stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from catalog_api.model import Diagnostic, Edge, EdgeKind, Node, NodeKind, ScanInfo


class ServiceGraph:
    """A multigraph of :class:`Node` and :class:`Edge`, at most one edge per
    (source, target, kind); adding an existing node or edge merges the facts."""

    def __init__(self, info: ScanInfo | None = None) -> None:
        self._g: nx.MultiDiGraph = nx.MultiDiGraph()
        self.info = info
        self._diagnostics: set[Diagnostic] = set()

    # -- building --------------------------------------------------------------------
    def add_node(self, node: Node) -> Node:
        existing = self.node(node.id)
        stored = existing.merged(node) if existing else node
        self._g.add_node(node.id, node=stored)
        return stored

    def add_edge(self, edge: Edge) -> Edge:
        for end in (edge.source, edge.target):
            if end not in self._g:
                raise KeyError(f"edge {edge.key} names unknown node {end!r}")
        existing = self.edge(edge.source, edge.target, edge.kind)
        stored = existing.merged(edge) if existing else edge
        self._g.add_edge(edge.source, edge.target, key=edge.kind.value, edge=stored)
        return stored

    def replace_edge(self, edge: Edge) -> None:
        """Store ``edge`` as is, dropping whatever was stored under its key (for traffic
        updates and other non-additive changes)."""
        self._g.add_edge(edge.source, edge.target, key=edge.kind.value, edge=edge)

    def add_diagnostic(self, diagnostic: Diagnostic) -> None:
        self._diagnostics.add(diagnostic)

    def add_diagnostics(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._diagnostics.update(diagnostics)

    def remove_node(self, node_id: str) -> None:
        self._g.remove_node(node_id)

    # -- reading ---------------------------------------------------------------------
    def node(self, node_id: str) -> Node | None:
        data = self._g.nodes.get(node_id)
        return None if data is None else data["node"]

    def edge(self, source: str, target: str, kind: EdgeKind) -> Edge | None:
        data = self._g.get_edge_data(source, target, key=kind.value)
        return None if data is None else data["edge"]

    def nodes(self, kind: NodeKind | None = None) -> list[Node]:
        found = (data["node"] for _, data in self._g.nodes(data=True))
        return sorted((n for n in found if kind is None or n.kind == kind), key=_node_order)

    def edges(self, kind: EdgeKind | None = None) -> list[Edge]:
        found = (data["edge"] for _, _, data in self._g.edges(data=True))
        return sorted((e for e in found if kind is None or e.kind == kind), key=_edge_order)

    def edges_of(self, node_id: str) -> list[Edge]:
        """Every edge that starts or ends at ``node_id``."""
        out = (d["edge"] for _, _, d in self._g.out_edges(node_id, data=True))
        into = (d["edge"] for _, _, d in self._g.in_edges(node_id, data=True))
        return sorted({e.key: e for e in [*out, *into]}.values(), key=_edge_order)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted(self._diagnostics, key=_diagnostic_order)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._g

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes())

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the underlying graph, for analyses (paths, cycles) that need networkx."""
        return self._g.copy()


def _node_order(node: Node) -> tuple[str, str]:
    return (node.kind.value, node.name)


def _edge_order(edge: Edge) -> tuple[str, str, str]:
    return edge.key


def _diagnostic_order(d: Diagnostic) -> tuple[str, int, str, str]:
    return (d.path, d.line or 0, d.code, d.message)
