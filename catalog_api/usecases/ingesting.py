"""Ingest trace files and keep the observed graph: the verb behind ``servicemap ingest``."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.ports import GraphStore, SnapshotKind, SnapshotRef
from catalog_api.usecases.errors import InputError
from catalog_api.usecases.summary import GraphSummary
from catalog_api.usecases.version import tool_version


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What an ingest produced: the observed graph, its snapshot, and its counts."""

    graph: ServiceGraph
    snapshot: SnapshotRef
    summary: GraphSummary


def ingest(paths: Sequence[Path], store: GraphStore) -> IngestOutcome:
    """Read the trace files at ``paths`` and save their graph as an observed snapshot."""
    return save_observed(read_traces(paths), store)


def read_traces(paths: Sequence[Path]) -> ServiceGraph:
    """The observed graph of the trace files at ``paths``. A malformed file is a
    diagnostic; when no file can be read, :class:`InputError` names the first failure
    (callers check before opening a store, so a bad file creates no database)."""
    # Imported here: the trace decoders pull in protobuf, which reading commands skip.
    from scanner.traces import ingest_files

    graph = ingest_files(list(paths))
    if graph.info is not None:
        graph.info = dataclasses.replace(graph.info, tool_version=tool_version())
    failed = {d.path for d in graph.diagnostics if d.code == "malformed-trace"}
    if len(failed) == len(set(map(str, paths))):
        first = graph.diagnostics[0]
        raise InputError(f"no trace file could be read; {first.path}: {first.message}")
    return graph


def save_observed(graph: ServiceGraph, store: GraphStore) -> IngestOutcome:
    """Keep ``graph`` as a new observed snapshot."""
    return IngestOutcome(graph, store.save(graph, SnapshotKind.OBSERVED), GraphSummary.of(graph))
