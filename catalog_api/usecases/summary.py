"""A graph in a few numbers: what a scan reports and what ``--fail-on-diagnostics`` judges."""

from __future__ import annotations

from dataclasses import dataclass

from catalog_api.graph import ServiceGraph
from catalog_api.model import Diagnostic, NodeKind, Severity

_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class GraphSummary:
    """Node counts by kind, the edge count, and every diagnostic (sorted as the graph sorts)."""

    services: int
    datastores: int
    queues: int
    externals: int
    edges: int
    diagnostics: tuple[Diagnostic, ...]

    @classmethod
    def of(cls, graph: ServiceGraph) -> GraphSummary:
        return cls(
            services=len(graph.nodes(NodeKind.SERVICE)),
            datastores=len(graph.nodes(NodeKind.DATASTORE)),
            queues=len(graph.nodes(NodeKind.QUEUE)),
            externals=len(graph.nodes(NodeKind.EXTERNAL)),
            edges=len(graph.edges()),
            diagnostics=tuple(graph.diagnostics),
        )

    def counts(self) -> dict[str, int]:
        """The numbers a report shows, by name, in reading order."""
        return {
            "services": self.services,
            "datastores": self.datastores,
            "queues": self.queues,
            "externals": self.externals,
            "edges": self.edges,
            "diagnostics": len(self.diagnostics),
        }

    def at_least(self, severity: Severity) -> list[Diagnostic]:
        """The diagnostics as severe as ``severity`` or more (``warning`` includes errors)."""
        return [d for d in self.diagnostics if _RANK[d.severity] >= _RANK[severity]]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)
