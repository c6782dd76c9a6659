"""Render a graph for people and tools: JSON, DOT, SVG, PNG or Mermaid."""

from __future__ import annotations

from catalog_api import export as renderers
from catalog_api.graph import ServiceGraph


def export(graph: ServiceGraph, fmt: str) -> bytes:
    """``graph`` rendered as ``fmt``; raises :class:`catalog_api.export.UnknownFormatError`
    for an unknown format and :class:`catalog_api.export.GraphvizMissingError` when SVG or
    PNG is asked for and Graphviz is not installed."""
    return renderers.render(graph, fmt)
