"""Graphviz DOT for a service graph.

Byte-stable like import-linter's ``dotfile.py``: nodes and edges come sorted from the graph
and every attribute list is written in a fixed order, so golden files and CI diffs show
behaviour changes only. Each node and edge carries an ``id`` (see
:func:`~catalog_api.export.escaping.element_id`) and a ``class`` so the web page can map SVG
elements back to graph ids; no ``URL`` attributes, the page handles clicks itself.
"""

from __future__ import annotations

from catalog_api.export.escaping import dot_id, dot_label, element_id
from catalog_api.export.style import EDGE_LOOKS, FONT, NODE_LOOKS, TRAFFIC_ONLY_COLOR
from catalog_api.export.traffic_text import Seen, seen_in, traffic_text
from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, Node

_HEADER = f"""\
digraph servicemap {{
  graph [rankdir=LR, bgcolor="transparent", pad="0.3", nodesep="0.35", ranksep="0.9", \
fontname="{FONT}"];
  node [fontname="{FONT}", fontsize="11", penwidth="1.3", margin="0.2,0.08"];
  edge [fontname="{FONT}", fontsize="9", arrowsize="0.7", penwidth="1.1"];
"""


def to_dot(graph: ServiceGraph) -> str:
    """The graph as a DOT ``digraph``, one statement per line, ending in a newline."""
    lines = [_HEADER.rstrip("\n")]
    lines.extend(f"  {_node_statement(n)}" for n in graph.nodes())
    lines.extend(f"  {_edge_statement(e)}" for e in graph.edges())
    lines.append("}")
    return "\n".join(lines) + "\n"


def node_label(node: Node) -> str:
    """What a node box says: its name, and its technology on a second line when known."""
    if not node.technology or node.technology == node.name:
        return node.name
    return f"{node.name}\n{node.technology}"


def _node_statement(node: Node) -> str:
    look = NODE_LOOKS[node.kind]
    attrs = {
        "id": dot_label(element_id("node", node.id)),
        "class": dot_label(f"kind-{node.kind.value}"),
        "label": dot_label(node_label(node)),
        "shape": look.dot_shape,
        "style": dot_label(look.dot_style),
        "fillcolor": dot_label(look.fill),
        "color": dot_label(look.stroke),
        "fontcolor": dot_label(look.text),
    }
    return f"{dot_id(node.id)} [{_attr_list(attrs)}];"


def edge_label(edge: Edge) -> str:
    """What an edge says: its kind, and its traffic on a second line when observed."""
    if edge.traffic is None:
        return edge.kind.value
    return f"{edge.kind.value}\n{traffic_text(edge.traffic)}"


def _edge_statement(edge: Edge) -> str:
    """Code-only edges in their kind's look; edges confirmed by traffic solid and heavier;
    edges seen only in traffic in their own colour, so what no code explains stands out."""
    look = EDGE_LOOKS[edge.kind]
    seen = seen_in(edge)
    color = TRAFFIC_ONLY_COLOR if seen == Seen.TRAFFIC else look.color
    classes = f"edge-{edge.kind.value}" + ("" if seen == Seen.CODE else f" {seen.value}")
    attrs = {
        "id": dot_label(element_id("edge", edge.source, edge.target, edge.kind.value)),
        "class": dot_label(classes),
        "label": dot_label(edge_label(edge)),
        "style": "solid" if seen == Seen.BOTH else look.dot_style,
        "color": dot_label(color),
        "fontcolor": dot_label(color),
    }
    if seen == Seen.BOTH:
        attrs["penwidth"] = '"2.2"'
    return f"{dot_id(edge.source)} -> {dot_id(edge.target)} [{_attr_list(attrs)}];"


def _attr_list(attrs: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in attrs.items())
