"""Joining the code's graph and the traffic's graph: which observed node is which static
node (``matching``), the merged catalog graph (``merge``), and where the two disagree
(``drift``). Small pure functions over :class:`~catalog_api.graph.ServiceGraph`: no I/O,
and nothing beyond the core model imported (an import-linter contract keeps it so)."""

from __future__ import annotations

from catalog_api.merge.drift import AmbiguousNode, DriftEdge, DriftReason, DriftReport, drift
from catalog_api.merge.matching import NodeMatching, match_nodes
from catalog_api.merge.merge import merge

__all__ = [
    "AmbiguousNode",
    "DriftEdge",
    "DriftReason",
    "DriftReport",
    "NodeMatching",
    "drift",
    "match_nodes",
    "merge",
]
