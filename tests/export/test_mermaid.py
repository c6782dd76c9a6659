from __future__ import annotations

import re

from catalog_api.export.mermaid import to_mermaid
from catalog_api.graph import ServiceGraph
from catalog_api.model import Node, NodeKind
from tests.export.sample_graphs import small_graph


def test_only_generated_ids_appear_outside_labels_when_names_are_hostile() -> None:
    text = to_mermaid(small_graph())
    outside_labels = re.sub(r'"[^"\n]*"', '""', text)
    assert re.findall(r"[A-Za-z_]\w*", outside_labels.split("classDef")[0]) == [
        "flowchart", "LR", *[f"n{i}" for i in range(7)],
        *["n4", "n0", "n4", "n3", "n4", "n5", "n5", "n2", "n5", "n3", "n6", "n1", "n6", "n4"],
    ]  # fmt: skip


def test_label_uses_mermaid_entities_when_a_name_has_markup() -> None:
    graph = ServiceGraph()
    graph.add_node(Node(kind=NodeKind.EXTERNAL, name='a"b<c>&d#e`f\ng'))
    line = to_mermaid(graph).splitlines()[1]
    assert line == '  n0(["a#quot;b#60;c#62;#38;d#35;e#96;f<br/>g"])'


def test_each_kind_has_its_own_shape_when_rendered() -> None:
    lines = to_mermaid(small_graph()).splitlines()
    assert '  n0[("catalog-db<br/>postgres")]' in lines
    assert '  n2(["api.stripe.com"])' in lines
    assert '  n3>"order-events<br/>rabbitmq"]' in lines
    assert '  n4("orders<br/>fastapi")' in lines
