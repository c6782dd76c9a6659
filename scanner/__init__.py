"""servicemap's static scanner: finds services and their dependencies in a repository's code
and configuration, without importing or running any of it.

``import scanner`` stays cheap: libcst and the detectors load on the first scan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog_api.graph import ServiceGraph
    from scanner.cache import FileFactsCache

__all__ = ["FileFactsCache", "scan_repository"]


def scan_repository(
    root: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cache: FileFactsCache | None = None,
    workers: int | None = None,
    exclude: Sequence[str] = (),
    include_examples: bool = False,
) -> ServiceGraph:
    """Scan ``root`` into a :class:`~catalog_api.graph.ServiceGraph` (diagnostics inside;
    ``graph.info`` set). ``progress(done, total)`` is called per Python file. ``cache`` (see
    :class:`scanner.cache.FileFactsCache`) keeps per-file results so a rescan only parses
    what changed; ``workers`` fixes the number of parsing processes (None: chosen from the
    cores and the repository's size). The graph is the same whatever the cache and workers.
    ``exclude`` holds glob patterns of paths to leave out (a pattern without ``/`` matches
    any file or directory name, one with ``/`` the repository-relative path); test
    directories are always left out and example directories unless ``include_examples``.
    Never raises on bad input files."""
    from scanner.scan import scan_repository as scan

    return scan(
        root,
        progress=progress,
        cache=cache,
        workers=workers,
        exclude=exclude,
        include_examples=include_examples,
    )
