"""Exports of a service graph: JSON, DOT, SVG, PNG and Mermaid, one module per format.

``render(graph, fmt)`` is the single entry point the CLI and the API call. Every text format
is deterministic; SVG and PNG are DOT laid out by Graphviz's ``dot``.
"""

from __future__ import annotations

from collections.abc import Callable

from catalog_api import graph_json
from catalog_api.export.dot import to_dot
from catalog_api.export.errors import (
    ExportError,
    GraphvizError,
    GraphvizMissingError,
    UnknownFormatError,
)
from catalog_api.export.graphviz_cli import run_dot
from catalog_api.export.mermaid import to_mermaid
from catalog_api.graph import ServiceGraph

__all__ = [
    "FORMATS",
    "ExportError",
    "GraphvizError",
    "GraphvizMissingError",
    "UnknownFormatError",
    "render",
]


def _json(graph: ServiceGraph) -> bytes:
    return graph_json.dumps(graph).encode("utf-8")


def _dot(graph: ServiceGraph) -> bytes:
    return to_dot(graph).encode("utf-8")


def _svg(graph: ServiceGraph) -> bytes:
    return run_dot(to_dot(graph), "svg")


def _png(graph: ServiceGraph) -> bytes:
    return run_dot(to_dot(graph), "png")


def _mermaid(graph: ServiceGraph) -> bytes:
    return to_mermaid(graph).encode("utf-8")


_RENDERERS: dict[str, Callable[[ServiceGraph], bytes]] = {
    "json": _json,
    "dot": _dot,
    "svg": _svg,
    "png": _png,
    "mermaid": _mermaid,
}

FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render(graph: ServiceGraph, fmt: str) -> bytes:
    """``graph`` in format ``fmt`` (one of :data:`FORMATS`), as bytes (UTF-8 for text)."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise UnknownFormatError(f"unknown format {fmt!r}; expected one of {'|'.join(FORMATS)}")
    return renderer(graph)
