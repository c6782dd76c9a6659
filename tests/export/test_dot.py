from __future__ import annotations

import re

from catalog_api.export.dot import to_dot
from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Node, NodeKind
from tests.export.sample_graphs import HOSTILE_NAME, small_graph

# A DOT statement line: quoted id, optional "-> quoted id", then a bracketed attribute list
# whose values are bare words or quoted strings. Anything a hostile name smuggled out of its
# quotes would break this shape.
_QUOTED = r'"(?:[^"\\\n]|\\.)*"'
_VALUE = rf"(?:{_QUOTED}|[A-Za-z0-9_.]+)"
_STATEMENT = re.compile(
    rf"^  {_QUOTED}(?: -> {_QUOTED})? \[[a-z]+={_VALUE}(?:, [a-z]+={_VALUE})*\];$"
)


def test_every_statement_is_one_well_formed_line_when_a_name_is_hostile() -> None:
    lines = to_dot(small_graph()).splitlines()
    statements = [line for line in lines if line.startswith('  "')]
    assert len(statements) == 7 + 7
    for line in statements:
        assert _STATEMENT.match(line), line


def test_node_kinds_have_distinct_shapes_when_rendered() -> None:
    dot = to_dot(small_graph())
    shapes = {
        kind: re.search(rf'class="kind-{kind}", label=[^\]]*shape=(\w+)', dot)
        for kind in ("service", "datastore", "queue", "external")
    }
    found = {kind: m.group(1) for kind, m in shapes.items() if m}
    assert found == {
        "service": "box",
        "datastore": "cylinder",
        "queue": "cds",
        "external": "ellipse",
    }


def test_message_edges_are_dashed_and_imports_dotted_when_rendered() -> None:
    dot = to_dot(small_graph())
    assert re.search(r'class="edge-publish", label="publish", style=dashed', dot)
    assert re.search(r'class="edge-consume", label="consume", style=dashed', dot)
    assert re.search(r'class="edge-import", label="import", style=dotted', dot)
    assert re.search(r'class="edge-http", label="http", style=solid', dot)


def test_label_neutralises_backslash_sequences_when_a_name_contains_them() -> None:
    graph = ServiceGraph()
    graph.add_node(Node(kind=NodeKind.SERVICE, name="a\\N\\lb\\"))
    dot = to_dot(graph)
    assert 'label="a\\\\N\\\\lb\\\\"' in dot


def test_control_characters_become_visible_when_a_name_contains_them() -> None:
    graph = ServiceGraph()
    graph.add_node(Node(kind=NodeKind.SERVICE, name="bell\x07tab\tnul\x00"))
    dot = to_dot(graph)
    assert "\x07" not in dot and "\x00" not in dot and "\t" not in dot
    assert "bell\u2407tab nul\u2400" in dot


def test_element_ids_are_percent_encoded_when_a_name_is_hostile() -> None:
    graph = ServiceGraph()
    hostile = graph.add_node(Node(kind=NodeKind.SERVICE, name=HOSTILE_NAME))
    other = graph.add_node(Node(kind=NodeKind.QUEUE, name="q/1"))
    graph.add_edge(Edge(source=hostile.id, target=other.id, kind=EdgeKind.PUBLISH))
    ids = re.findall(r'id="([^"]*)"', to_dot(graph))
    assert ids == [
        "node:queue:q%2F1",
        "node:service:we%22ird%20%3Csvc%3E%0Aline2%20%C3%BCn%C3%AFc%C3%B8d%C3%A9%20%E2%9C%93"
        "%20%5C%20%26%20%231%20%60x%60",
        "edge:service:we%22ird%20%3Csvc%3E%0Aline2%20%C3%BCn%C3%AFc%C3%B8d%C3%A9%20%E2%9C%93"
        "%20%5C%20%26%20%231%20%60x%60/queue:q%2F1/publish",
    ]


def test_every_node_and_edge_kind_has_a_look_when_styles_are_listed() -> None:
    from catalog_api.export.style import EDGE_LOOKS, NODE_LOOKS
    from catalog_api.model import EdgeKind, NodeKind

    assert set(EDGE_LOOKS) == set(EdgeKind)
    assert set(NODE_LOOKS) == set(NodeKind)
