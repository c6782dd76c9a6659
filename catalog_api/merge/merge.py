"""The catalog's graph: a static scan and an observed (trace) graph merged into one.

Matched observed nodes fold into their static node: the static name, kind and scalars win,
the observed name becomes an alias, and the two sides' aliases, routes, provenance and
evidence are joined. Matched edges keep the static kind and detail and gain the observed
provenance, evidence, detail and traffic (traffic comes from traces only). What only one side
knows is kept as it is, so the merged graph holds every fact of both. Pure: no I/O, and
neither input is changed.
"""

from __future__ import annotations

from catalog_api.graph import ServiceGraph
from catalog_api.merge.edges import combined, counterpart, renamed_edges
from catalog_api.merge.matching import NodeMatching, match_nodes
from catalog_api.model import Diagnostic, Edge, Node, Severity, merge_detail

AMBIGUOUS = "ambiguous-match"


def merge(static: ServiceGraph, observed: ServiceGraph) -> ServiceGraph:
    """``static`` and ``observed`` as one graph; the scan info is the static graph's."""
    matching = match_nodes(static, observed)
    merged = ServiceGraph(static.info or observed.info)
    merged.add_diagnostics([*static.diagnostics, *observed.diagnostics])
    merged.add_diagnostics(ambiguity_diagnostics(matching, observed))
    for node in static.nodes():
        merged.add_node(node)
    for node in observed.nodes():
        target = merged.node(matching.to_static(node.id))
        merged.add_node(node if target is None else folded(target, node))
    for edge in static.edges():
        merged.add_edge(edge)
    confirmed: dict[tuple[str, str, str], tuple[Edge, Edge]] = {}
    for edge in renamed_edges(observed, matching):
        pair = counterpart(static, edge)
        if pair is None:
            merged.add_edge(edge)
            continue
        earlier = confirmed.get(pair.key)
        confirmed[pair.key] = (pair, edge if earlier is None else combined(earlier[1], edge))
    for pair, edge in confirmed.values():
        merged.replace_edge(with_traffic(pair, edge))
    return merged


def folded(static: Node, observed: Node) -> Node:
    """``static`` with ``observed``'s facts; ``observed``'s name is one more alias."""
    renamed = Node(
        kind=static.kind,
        name=static.name,
        technology=observed.technology,
        aliases=observed.aliases | {observed.name},
        path=observed.path,
        routes=observed.routes,
        owners=observed.owners,
        provenance=observed.provenance,
        evidence=observed.evidence,
        attributes=observed.attributes,
    )
    return static.merged(renamed)


def with_traffic(static: Edge, observed: Edge) -> Edge:
    """The static edge confirmed by the observed one: the static kind, both sides'
    provenance, evidence and detail, the observed traffic."""
    return Edge(
        static.source,
        static.target,
        static.kind,
        static.provenance | observed.provenance,
        static.evidence | observed.evidence,
        merge_detail(static.detail, observed.detail),
        observed.traffic or static.traffic,
    )


def ambiguity_diagnostics(matching: NodeMatching, observed: ServiceGraph) -> list[Diagnostic]:
    """One info diagnostic per observed node left apart because several static nodes fit."""
    where = observed.info.source if observed.info is not None else ""
    return [
        Diagnostic(
            where,
            None,
            Severity.INFO,
            AMBIGUOUS,
            f"observed {observed_id} could be any of {', '.join(candidates)}; kept apart",
        )
        for observed_id, candidates in sorted(matching.ambiguous.items())
    ]
