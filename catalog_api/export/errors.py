"""What can go wrong while exporting; each message is one line a CLI can print as is."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be produced."""


class UnknownFormatError(ExportError, ValueError):
    """The requested format is not one servicemap renders."""


class GraphvizError(ExportError):
    """Graphviz's ``dot`` failed or took too long."""


class GraphvizMissingError(GraphvizError):
    """``dot`` is not installed; SVG and PNG need it."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz 'dot' not found on PATH: install the Debian package 'graphviz' "
            "(apt-get install graphviz) to export SVG or PNG"
        )
