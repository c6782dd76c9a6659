"""Drift: where the code and the traffic disagree.

After matching nodes and edges as the merge does, a static edge no observed edge stands for
was *seen in code but never in traffic*, and an observed edge with no static counterpart is
*in traffic with no code behind it*. Each comes with its evidence and a reason, so a reader
can tell an unused dependency from a service nobody traced:

- ``never-called``: the source was seen in the traces, this dependency of it never was;
- ``source-not-traced``: the source does not appear in the traces at all (not instrumented,
  or not running while traces were taken);
- ``not-in-code``: both ends are nodes of the scan, no code between them was found;
- ``unknown-node``: an end is not a node of the scan at all.

Observed nodes that several static nodes fit (say two scanned Postgres servers that both
hold a database ``app``) are kept apart by matching, and listed under ``ambiguous`` with
their candidates, so a reader sees why their edges show up as traffic only.

Code imports are left out (no trace can show them), and so are calls from the trace
ingester's stand-in for outside callers (``external:user``): code never shows who calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from catalog_api.graph import ServiceGraph
from catalog_api.merge.edges import counterpart, renamed_edges
from catalog_api.merge.matching import TRACE_CALLER, match_nodes
from catalog_api.model import Edge, EdgeKind, ScanInfo


class DriftReason(StrEnum):
    """Why an edge is on one side only (see the module docstring)."""

    NEVER_CALLED = "never-called"
    SOURCE_NOT_TRACED = "source-not-traced"
    NOT_IN_CODE = "not-in-code"
    UNKNOWN_NODE = "unknown-node"


@dataclass(frozen=True, slots=True)
class DriftEdge:
    """An edge found on one side only: static edges as scanned, observed edges renamed to
    the static graph's node ids and carrying their traffic."""

    edge: Edge
    reason: DriftReason


@dataclass(frozen=True, slots=True, order=True)
class AmbiguousNode:
    """An observed node left apart because several static nodes fit it equally well."""

    observed: str
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DriftReport:
    """The disagreements between a static and an observed graph, sorted by edge key."""

    static: ScanInfo | None
    observed: ScanInfo | None
    in_both: int  # static edges confirmed by traffic
    code_only: tuple[DriftEdge, ...]
    traffic_only: tuple[DriftEdge, ...]
    ambiguous: tuple[AmbiguousNode, ...] = ()

    @property
    def has_drift(self) -> bool:
        return bool(self.code_only or self.traffic_only)


def drift(static: ServiceGraph, observed: ServiceGraph) -> DriftReport:
    """Compare ``static`` (a scan) with ``observed`` (traces)."""
    matching = match_nodes(static, observed)
    traced = {matching.to_static(n.id) for n in observed.nodes()}
    confirmed: set[tuple[str, str, str]] = set()
    traffic_only: list[DriftEdge] = []
    for edge in renamed_edges(observed, matching):
        if edge.source == TRACE_CALLER:
            continue
        pair = counterpart(static, edge)
        if pair is not None:
            confirmed.add(pair.key)
        else:
            known = edge.source in static and edge.target in static
            reason = DriftReason.NOT_IN_CODE if known else DriftReason.UNKNOWN_NODE
            traffic_only.append(DriftEdge(edge, reason))
    code_only = [
        DriftEdge(
            edge,
            DriftReason.NEVER_CALLED if edge.source in traced else DriftReason.SOURCE_NOT_TRACED,
        )
        for edge in static.edges()
        if edge.kind != EdgeKind.IMPORT and edge.key not in confirmed
    ]
    return DriftReport(
        static=static.info,
        observed=observed.info,
        in_both=len(confirmed),
        code_only=tuple(code_only),
        traffic_only=tuple(traffic_only),
        ambiguous=tuple(sorted(AmbiguousNode(o, c) for o, c in matching.ambiguous.items())),
    )
