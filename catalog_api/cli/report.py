"""The summary a command prints after producing a graph (scan, ingest): counts, then the
first few diagnostics, so the terminal shows what matters and --json has the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog_api.usecases import GraphSummary

SHOWN_DIAGNOSTICS = 5


def summary_text(headline: str, summary: GraphSummary) -> str:
    """``headline``, one aligned line per count, and up to five diagnostics."""
    lines = [headline, *(f"  {name:<12} {n}" for name, n in summary.counts().items())]
    for d in summary.diagnostics[:SHOWN_DIAGNOSTICS]:
        where = f"{d.path}:{d.line}" if d.line else d.path
        lines.append(f"    {d.severity.value:<8} {where}  {d.code}: {d.message}")
    hidden = len(summary.diagnostics) - SHOWN_DIAGNOSTICS
    if hidden > 0:
        lines.append(f"    ... and {hidden} more (see --json)")
    return "\n".join(lines)
