from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from tests.export.graphviz_path import hide_dot
from tests.export.sample_graphs import XSS_NAME

SVG = "{http://www.w3.org/2000/svg}"


def _node_ids(svg: bytes) -> set[str]:
    root = ET.fromstring(svg)
    return {
        unquote(g.attrib["id"].removeprefix("node:"))
        for g in root.iter(f"{SVG}g")
        if "node" in g.attrib.get("class", "").split()
    }


def test_map_is_svg_with_every_node_when_served(client: TestClient) -> None:
    response = client.get("/api/map.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    ids = _node_ids(response.content)
    assert len(ids) == 16
    assert "service:" + XSS_NAME in ids


def test_map_escapes_markup_in_names_when_served(client: TestClient) -> None:
    svg = client.get("/api/map.svg").content
    assert b"<img" not in svg
    assert b"&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in svg


def test_map_draws_only_the_kinds_when_filtered(client: TestClient) -> None:
    svg = client.get("/api/map.svg", params=[("kind", "service"), ("kind", "queue")]).content
    assert {i.split(":")[0] for i in _node_ids(svg)} == {"service", "queue"}


def test_map_is_rendered_once_per_snapshot_when_served_again(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = client.get("/api/map.svg").content
    hide_dot(monkeypatch, tmp_path)
    assert client.get("/api/map.svg").content == first  # cached: no dot needed
    missing = client.get("/api/map.svg", params={"snapshot": 1})
    assert missing.status_code == 503
    error = missing.json()["error"]
    assert error["code"] == "graphviz-missing"
    assert "graphviz" in error["message"]


def test_map_says_how_to_scan_when_the_store_is_empty(empty_client: TestClient) -> None:
    response = empty_client.get("/api/map.svg")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "no-snapshot"
