"""Scan a repository and keep the result: the verb behind ``servicemap scan`` and the demo."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import ScanInfo
from catalog_api.ports import GraphStore, SnapshotKind, SnapshotRef
from catalog_api.store import SqliteGraphStore, StoreFactsCache
from catalog_api.usecases.errors import InputError
from catalog_api.usecases.summary import GraphSummary
from catalog_api.usecases.version import tool_version

Progress = Callable[[int, int], None]  # (files done, files in total)


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    """What a scan produced: the graph, the snapshot it was stored as, and its counts."""

    graph: ServiceGraph
    snapshot: SnapshotRef
    summary: GraphSummary
    cached_files: int = 0  # Python files whose results were reused from the last scan


def scan(
    root: Path,
    store: GraphStore,
    *,
    progress: Progress | None = None,
    incremental: bool = True,
    exclude: Sequence[str] = (),
    include_examples: bool = False,
) -> ScanOutcome:
    """Scan the repository at ``root`` statically and save the graph as a new snapshot.

    With ``incremental`` and a SQLite store, per-file results are kept in the store's file
    cache and a rescan only parses files that changed (the graph is the same either way).
    Raises :class:`InputError` when ``root`` is not a directory. Problems inside the
    repository (unparsable files, unresolved URLs) are diagnostics in the outcome, not errors.
    ``exclude`` and ``include_examples`` choose what is scanned (see
    :func:`scanner.scan_repository`).
    """
    check_root(root)
    # Imported here, not at module level: the scanner pulls in libcst, which commands and
    # endpoints that only read snapshots should not pay for.
    from scanner import scan_repository

    cache = _facts_cache(store, root) if incremental else None
    with cache if cache is not None else nullcontext():
        graph = scan_repository(
            root,
            progress=progress,
            cache=cache,
            exclude=exclude,
            include_examples=include_examples,
        )
    graph.info = _completed(graph.info, root)
    snapshot = store.save(graph, SnapshotKind.STATIC)
    reused = cache.reused if cache is not None else 0
    return ScanOutcome(graph, snapshot, GraphSummary.of(graph), reused)


def _facts_cache(store: GraphStore, root: Path) -> StoreFactsCache | None:
    """The scanner's file cache in the same database as the snapshots, when there is one."""
    if isinstance(store, SqliteGraphStore):
        return StoreFactsCache(store.path, root)
    return None


def check_root(root: Path) -> None:
    """Raise :class:`InputError` unless ``root`` is a directory (callers check early, before
    opening a store, so a typo leaves no database behind)."""
    if not root.is_dir():
        reason = "does not exist" if not root.exists() else "is not a directory"
        raise InputError(f"{root} {reason}; give the folder of a repository to scan")


def _completed(info: ScanInfo | None, root: Path) -> ScanInfo:
    """The scanner's info with whatever it left out filled in, so every snapshot says where,
    when and by which version it was made."""
    info = info or ScanInfo(source=str(root))
    return dataclasses.replace(
        info,
        source=info.source or str(root),
        time=info.time or datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=info.tool_version or tool_version(),
    )
