"""Which observed edge is which static edge, once the nodes are matched.

Observed edges are first renamed into the static graph's ids (two observed edges that land
on one key, say from ``orders-service`` and ``orders`` alike, become one with their traffic
combined). A renamed edge is the static edge with the same (source, target, kind); failing
that, the only static edge between the same two nodes whose kind is of the same family,
since code and traces may name one dependency differently (a Redis client the scan saw as
``db`` traces report as ``cache``; an RPC the scan saw as ``rpc`` they report as ``grpc``).
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog_api.graph import ServiceGraph
from catalog_api.merge.matching import NodeMatching
from catalog_api.model import Edge, EdgeKind, Traffic, merge_detail

FAMILIES: tuple[frozenset[EdgeKind], ...] = (
    frozenset({EdgeKind.HTTP, EdgeKind.GRPC, EdgeKind.RPC}),
    frozenset({EdgeKind.DB, EdgeKind.CACHE}),
)


def renamed_edges(observed: ServiceGraph, matching: NodeMatching) -> list[Edge]:
    """The edges of ``observed`` with their ends renamed to static ids, one per key."""
    found: dict[tuple[str, str, str], Edge] = {}
    for edge in observed.edges():
        renamed = Edge(
            matching.to_static(edge.source),
            matching.to_static(edge.target),
            edge.kind,
            edge.provenance,
            edge.evidence,
            edge.detail,
            edge.traffic,
        )
        earlier = found.get(renamed.key)
        found[renamed.key] = renamed if earlier is None else combined(earlier, renamed)
    return sorted(found.values(), key=lambda e: e.key)


def counterpart(static: ServiceGraph, edge: Edge) -> Edge | None:
    """The static edge ``edge`` (already renamed) stands for, or None (rules above)."""
    same = static.edge(edge.source, edge.target, edge.kind)
    if same is not None or edge.source not in static or edge.target not in static:
        return same
    family = next((f for f in FAMILIES if edge.kind in f), frozenset({edge.kind}))
    between = [
        e
        for e in static.edges_of(edge.source)
        if e.source == edge.source and e.target == edge.target and e.kind in family
    ]
    return between[0] if len(between) == 1 else None


def combined(a: Edge, b: Edge) -> Edge:
    """One edge from two with the same ends: ``a``'s kind, both sides' provenance, evidence
    and detail, and their traffic added up (see :func:`combined_traffic`)."""
    return Edge(
        a.source,
        a.target,
        a.kind,
        a.provenance | b.provenance,
        a.evidence | b.evidence,
        merge_detail(a.detail, b.detail),
        combined_traffic(t for t in (a.traffic, b.traffic) if t is not None),
    )


def combined_traffic(parts: Iterable[Traffic]) -> Traffic | None:
    """Calls and errors summed, the time window widened; a percentile of a sum cannot be
    computed from the parts' percentiles, so each is the largest part's (an upper bound)."""
    found = list(parts)
    if len(found) <= 1:
        return found[0] if found else None
    return Traffic(
        calls=sum(t.calls for t in found),
        errors=sum(t.errors for t in found),
        p50_ms=_largest(t.p50_ms for t in found),
        p95_ms=_largest(t.p95_ms for t in found),
        p99_ms=_largest(t.p99_ms for t in found),
        first_seen=min((t.first_seen for t in found if t.first_seen), default=None),
        last_seen=max((t.last_seen for t in found if t.last_seen), default=None),
    )


def _largest(values: Iterable[float | None]) -> float | None:
    return max((v for v in values if v is not None), default=None)
