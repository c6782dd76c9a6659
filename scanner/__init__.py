"""servicemap's static scanner: finds services and their dependencies in a repository's code
and configuration, without importing or running any of it.

``import scanner`` stays cheap: libcst and the detectors load on the first scan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog_api.graph import ServiceGraph

__all__ = ["scan_repository"]


def scan_repository(
    root: Path, *, progress: Callable[[int, int], None] | None = None
) -> ServiceGraph:
    """Scan ``root`` into a :class:`~catalog_api.graph.ServiceGraph` (diagnostics inside;
    ``graph.info`` set). ``progress(done, total)`` is called per Python file. Never raises on
    bad input files."""
    from scanner.scan import scan_repository as scan

    return scan(root, progress=progress)
