"""Mermaid ``flowchart LR`` for a service graph, for READMEs and pull-request comments.

Mermaid ids are generated (``n0``, ``n1``, ... in sorted node order) so no scanned name ever
reaches Mermaid's syntax; names appear only inside quoted, entity-escaped labels. Output is
deterministic: nodes, edges, classes and link styles are all written in sorted order.
"""

from __future__ import annotations

from collections import defaultdict

from catalog_api.export.dot import edge_label, node_label
from catalog_api.export.escaping import mermaid_label
from catalog_api.export.style import EDGE_LOOKS, NODE_LOOKS, TRAFFIC_ONLY_COLOR
from catalog_api.export.traffic_text import Seen, seen_in
from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, Node, NodeKind


def to_mermaid(graph: ServiceGraph) -> str:
    """The graph as Mermaid flowchart source, ending in a newline."""
    nodes = graph.nodes()
    ids = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    lines = ["flowchart LR"]
    lines.extend(f"  {ids[n.id]}{_shape(n)}" for n in nodes)
    links: dict[tuple[EdgeKind, Seen], list[int]] = defaultdict(list)
    for index, edge in enumerate(graph.edges()):
        arrow = EDGE_LOOKS[edge.kind].mermaid_arrow
        label = mermaid_label(edge_label(edge))
        lines.append(f'  {ids[edge.source]} {arrow}|"{label}"| {ids[edge.target]}')
        links[(edge.kind, seen_in(edge))].append(index)
    lines.extend(_class_lines(nodes, ids))
    lines.extend(_link_style_lines(links))
    return "\n".join(lines) + "\n"


def _shape(node: Node) -> str:
    look = NODE_LOOKS[node.kind]
    return f"{look.mermaid_open}{mermaid_label(node_label(node))}{look.mermaid_close}"


def _class_lines(nodes: list[Node], ids: dict[str, str]) -> list[str]:
    lines = []
    for kind in NodeKind:
        members = [ids[n.id] for n in nodes if n.kind == kind]
        if not members:
            continue
        look = NODE_LOOKS[kind]
        dash = ",stroke-dasharray:5 3" if look.dashed else ""
        lines.append(
            f"  classDef {kind.value} fill:{look.fill},stroke:{look.stroke},color:{look.text}{dash}"
        )
        lines.append(f"  class {','.join(members)} {kind.value}")
    return lines


def _link_style_lines(links: dict[tuple[EdgeKind, Seen], list[int]]) -> list[str]:
    """One ``linkStyle`` per (kind, where seen), in a fixed order: code-only edges in their
    kind's look, confirmed edges heavier, traffic-only edges in their own colour (as in DOT)."""
    lines = []
    for kind in EdgeKind:
        for seen in Seen:
            if (kind, seen) not in links:
                continue
            look = EDGE_LOOKS[kind]
            color = TRAFFIC_ONLY_COLOR if seen == Seen.TRAFFIC else look.color
            dash = f",stroke-dasharray:{look.mermaid_dash}" if look.mermaid_dash else ""
            width = ",stroke-width:2.5px" if seen == Seen.BOTH else ""
            indexes = ",".join(str(i) for i in links[(kind, seen)])
            lines.append(f"  linkStyle {indexes} stroke:{color},color:{color}{dash}{width}")
    return lines
