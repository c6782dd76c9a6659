"""The look of the map, shared by every renderer so DOT, Mermaid and the web legend agree.

One calm palette entry per node kind and per edge kind; ``web/static/map.css`` repeats the
node colours for the legend (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog_api.model import EdgeKind, NodeKind

FONT = "Helvetica,Arial,sans-serif"
# Edges seen in traffic with no code behind them: a colour no edge kind uses, so they stand
# out whatever their kind (web/static/map.css repeats it for the legend).
TRAFFIC_ONLY_COLOR = "#c2255c"


@dataclass(frozen=True, slots=True)
class NodeLook:
    """How one node kind is drawn: Graphviz shape and style, Mermaid shape brackets."""

    dot_shape: str
    dot_style: str
    fill: str
    stroke: str
    text: str
    mermaid_open: str
    mermaid_close: str
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class EdgeLook:
    """How one edge kind is drawn: colour, line style, and whether it is a message flow."""

    color: str
    dot_style: str  # solid | dashed | dotted
    mermaid_arrow: str
    mermaid_dash: str | None = None  # stroke-dasharray for Mermaid's linkStyle


NODE_LOOKS: dict[NodeKind, NodeLook] = {
    NodeKind.SERVICE: NodeLook(
        "box", "rounded,filled", "#e8f0fb", "#3d6fb4", "#1d3557", '("', '")'
    ),
    NodeKind.DATASTORE: NodeLook(
        "cylinder", "filled", "#e5f4ea", "#2f8052", "#173f29", '[("', '")]'
    ),
    NodeKind.QUEUE: NodeLook("cds", "filled", "#fdf1de", "#b7791f", "#5c3d0e", '>"', '"]'),
    NodeKind.EXTERNAL: NodeLook(
        "ellipse", "dashed,filled", "#f1eefa", "#6b5ca5", "#342a5c", '(["', '"])', dashed=True
    ),
}

EDGE_LOOKS: dict[EdgeKind, EdgeLook] = {
    EdgeKind.HTTP: EdgeLook("#4a5a70", "solid", "-->"),
    EdgeKind.GRPC: EdgeLook("#3d6fb4", "solid", "-->"),
    EdgeKind.RPC: EdgeLook("#5a6fa0", "solid", "-->"),
    EdgeKind.DB: EdgeLook("#2f8052", "solid", "-->"),
    EdgeKind.CACHE: EdgeLook("#c0562b", "solid", "-->"),
    EdgeKind.PUBLISH: EdgeLook("#b7791f", "dashed", "-.->"),
    EdgeKind.CONSUME: EdgeLook("#b7791f", "dashed", "-.->"),
    EdgeKind.IMPORT: EdgeLook("#8a63c9", "dotted", "-.->", mermaid_dash="2 4"),
    EdgeKind.SMTP: EdgeLook("#7a5c8f", "solid", "-->"),
}
