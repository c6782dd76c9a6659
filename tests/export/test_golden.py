"""DOT and Mermaid output compared byte for byte with reviewed golden files.

To accept an intended change, regenerate with
``python -c "from tests.export.test_golden import regenerate; regenerate()"`` and review the
diff like code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.export import render
from tests.export.sample_graphs import small_graph, traffic_graph

GOLDEN = Path(__file__).parent / "golden"
CASES = [("dot", "small.dot"), ("mermaid", "small.mmd")]
TRAFFIC_CASES = [("dot", "traffic.dot"), ("mermaid", "traffic.mmd")]


@pytest.mark.parametrize(("fmt", "golden"), CASES)
def test_output_matches_golden_when_rendering_small_graph(fmt: str, golden: str) -> None:
    assert render(small_graph(), fmt) == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize(("fmt", "golden"), TRAFFIC_CASES)
def test_output_matches_golden_when_edges_carry_traffic(fmt: str, golden: str) -> None:
    assert render(traffic_graph(), fmt) == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "json"])
def test_output_is_identical_when_nodes_are_added_in_another_order(fmt: str) -> None:
    forward = small_graph()
    backward = type(forward)(forward.info)
    for node in reversed(forward.nodes()):
        backward.add_node(node)
    for edge in reversed(forward.edges()):
        backward.add_edge(edge)
    assert render(backward, fmt) == render(forward, fmt)


def regenerate() -> None:
    for fmt, golden in CASES:
        (GOLDEN / golden).write_bytes(render(small_graph(), fmt))
    for fmt, golden in TRAFFIC_CASES:
        (GOLDEN / golden).write_bytes(render(traffic_graph(), fmt))
