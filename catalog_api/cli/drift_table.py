"""The drift report for people: a headline, then one aligned table per side of the drift."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog_api.merge import DriftEdge, DriftReport
    from catalog_api.model import Evidence, ScanInfo
    from catalog_api.usecases import Side


def drift_text(report: DriftReport, static: Side, observed: Side) -> str:
    """The whole report as text, ending without a newline."""
    lines = [
        f"Drift between {_describe('static', static, report.static)}",
        f"          and {_describe('observed', observed, report.observed)}",
        f"{report.in_both} edges in code and traffic · {len(report.code_only)} in code only · "
        f"{len(report.traffic_only)} in traffic only",
    ]
    if not report.has_drift:
        lines.append("No drift: traffic confirms every edge in code and code explains all traffic.")
        return "\n".join(lines)
    if report.code_only:
        lines += ["", f"In code, never in traffic ({len(report.code_only)})"]
        lines += _table(["SOURCE", "TARGET", "KIND", "REASON", "EVIDENCE"], _code_rows(report))
    if report.traffic_only:
        lines += ["", f"In traffic, no code behind them ({len(report.traffic_only)})"]
        header = ["SOURCE", "TARGET", "KIND", "CALLS", "ERRORS", "P95", "REASON", "EVIDENCE"]
        lines += _table(header, _traffic_rows(report))
    if report.ambiguous:
        lines += [
            "",
            f"Kept apart, could be one of several scanned nodes ({len(report.ambiguous)})",
        ]
        lines += [f"  {a.observed}: {', '.join(a.candidates)}" for a in report.ambiguous]
    return "\n".join(lines)


def _describe(kind: str, side: Side, info: ScanInfo | None) -> str:
    where = f"{kind} snapshot {side.snapshot.id}" if side.snapshot else f"{kind} graph"
    facts = []
    if info and info.source:
        facts.append(info.source + (f" @ {info.commit[:12]}" if info.commit else ""))
    if info and info.time:
        facts.append(info.time)
    return f"{where} ({', '.join(facts)})" if facts else where


def _code_rows(report: DriftReport) -> list[list[str]]:
    return [[*_ends(e), e.reason.value, _evidence(e)] for e in report.code_only]


def _traffic_rows(report: DriftReport) -> list[list[str]]:
    from catalog_api.export.traffic_text import duration, error_percent

    rows = []
    for entry in report.traffic_only:
        t = entry.edge.traffic
        traffic = (
            [f"{t.calls:,}", error_percent(t), duration(t.p95_ms) if t.p95_ms is not None else "-"]
            if t is not None
            else ["-", "-", "-"]
        )
        rows.append([*_ends(entry), *traffic, entry.reason.value, _evidence(entry)])
    return rows


def _ends(entry: DriftEdge) -> list[str]:
    edge = entry.edge
    return [edge.source, edge.target, edge.kind.value]


def _evidence(entry: DriftEdge) -> str:
    """The first piece of evidence (code before traces) and how many more there are."""
    found = sorted(entry.edge.evidence, key=_evidence_order)
    if not found:
        return "-"
    more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
    return _evidence_text(found[0]) + more


def _evidence_order(e: Evidence) -> tuple[int, str, int, str]:
    return (0 if e.path else 1, e.path or "", e.line or 0, e.trace_id or "")


def _evidence_text(e: Evidence) -> str:
    if e.path:
        return f"{e.path}:{e.line}" if e.line else e.path
    return f"trace {e.trace_id}" if e.trace_id else (e.note or "-")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  "
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
