"""Use cases: the verbs the CLI and the API call. They wire the scanner, the store and the
renderers together and hold no I/O of their own beyond what those ports do."""

from __future__ import annotations

from catalog_api.usecases.drifting import Side, drift_between, stored_side
from catalog_api.usecases.errors import InputError, NoSnapshotError
from catalog_api.usecases.exporting import export
from catalog_api.usecases.ingesting import IngestOutcome, ingest, read_traces, save_observed
from catalog_api.usecases.loading import load_graph, load_graph_file
from catalog_api.usecases.scanning import Progress, ScanOutcome, check_root, scan
from catalog_api.usecases.summary import GraphSummary
from catalog_api.usecases.version import tool_version
from catalog_api.usecases.viewing import CatalogView, catalog_view, newest_of_each_kind, view_of

__all__ = [
    "CatalogView",
    "GraphSummary",
    "IngestOutcome",
    "InputError",
    "NoSnapshotError",
    "Progress",
    "ScanOutcome",
    "Side",
    "catalog_view",
    "check_root",
    "drift_between",
    "export",
    "ingest",
    "load_graph",
    "load_graph_file",
    "newest_of_each_kind",
    "read_traces",
    "save_observed",
    "scan",
    "stored_side",
    "tool_version",
    "view_of",
]
