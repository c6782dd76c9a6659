"""Use cases: the verbs the CLI and the API call. They wire the scanner, the store and the
renderers together and hold no I/O of their own beyond what those ports do."""

from __future__ import annotations

from catalog_api.usecases.errors import InputError, NoSnapshotError
from catalog_api.usecases.exporting import export
from catalog_api.usecases.loading import load_graph, load_graph_file
from catalog_api.usecases.scanning import Progress, ScanOutcome, check_root, scan
from catalog_api.usecases.summary import GraphSummary
from catalog_api.usecases.version import tool_version

__all__ = [
    "GraphSummary",
    "InputError",
    "NoSnapshotError",
    "Progress",
    "ScanOutcome",
    "check_root",
    "export",
    "load_graph",
    "load_graph_file",
    "scan",
    "tool_version",
]
