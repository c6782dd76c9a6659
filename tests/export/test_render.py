from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from catalog_api.export import (
    FORMATS,
    GraphvizMissingError,
    UnknownFormatError,
    render,
)
from catalog_api.export.style import NODE_LOOKS
from tests.export.graphviz_path import hide_dot
from tests.export.sample_graphs import HOSTILE_NAME, small_graph

SVG = "{http://www.w3.org/2000/svg}"


def _svg_root() -> ET.Element:
    return ET.fromstring(render(small_graph(), "svg"))


def test_formats_are_the_agreed_five_when_listed() -> None:
    assert set(FORMATS) == {"json", "dot", "svg", "png", "mermaid"}


def test_unknown_format_is_refused_when_requested() -> None:
    with pytest.raises(UnknownFormatError, match=re.escape("json|dot|svg|png|mermaid")):
        render(small_graph(), "pdf")


def test_json_is_graph_json_v1_when_rendered() -> None:
    doc = json.loads(render(small_graph(), "json"))
    assert (doc["format"], doc["version"]) == ("servicemap-graph", 1)
    assert len(doc["nodes"]) == 7


def test_svg_has_an_element_for_every_node_id_when_rendered() -> None:
    root = _svg_root()
    ids = {
        unquote(g.attrib["id"].removeprefix("node:"))
        for g in root.iter(f"{SVG}g")
        if "node" in g.attrib.get("class", "").split()
    }
    assert ids == {n.id for n in small_graph().nodes()}


def test_svg_keeps_hostile_name_as_text_when_rendered() -> None:
    root = _svg_root()
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    first, second = HOSTILE_NAME.split("\n")
    assert first in texts
    assert second in texts
    assert not any(el.tag.endswith("svc") for el in root.iter())


def test_svg_has_no_script_or_links_when_rendered() -> None:
    raw = render(small_graph(), "svg")
    assert b"<script" not in raw and b"href" not in raw


def test_png_is_a_png_image_when_rendered() -> None:
    assert render(small_graph(), "png").startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_graphviz_missing_error_names_the_package_when_dot_is_not_on_path(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hide_dot(monkeypatch, tmp_path)
    with pytest.raises(GraphvizMissingError) as caught:
        render(small_graph(), fmt)
    message = str(caught.value)
    assert "graphviz" in message and "\n" not in message


def test_css_legend_uses_the_same_colours_when_compared_with_the_renderers() -> None:
    css = (Path(__file__).parents[2] / "web" / "static" / "map.css").read_text()
    for kind, look in NODE_LOOKS.items():
        assert f"--{kind.value}-fill: {look.fill};" in css
        assert f"--{kind.value}-stroke: {look.stroke};" in css
