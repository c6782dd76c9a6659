"""Traffic and provenance as the map shows them: a short label for an observed edge, and which
of three looks an edge gets (code only, code and traffic, traffic only)."""

from __future__ import annotations

import math
from enum import StrEnum

from catalog_api.model import Edge, Provenance, Traffic


class Seen(StrEnum):
    """Where an edge was seen, as the map distinguishes it (and the CSS class it gets)."""

    CODE = "code-only"
    BOTH = "code-and-traffic"
    TRAFFIC = "traffic-only"


def seen_in(edge: Edge) -> Seen:
    """Traces alone, code (source, config or a declaration) alone, or both."""
    traced = Provenance.TRACE in edge.provenance
    coded = bool(edge.provenance - {Provenance.TRACE})
    if traced and coded:
        return Seen.BOTH
    return Seen.TRAFFIC if traced else Seen.CODE


def traffic_text(traffic: Traffic) -> str:
    """``1,200 calls · 0.3% errors · p95 80 ms``: what a map label says about traffic."""
    parts = [f"{traffic.calls:,} calls", f"{error_percent(traffic)} errors"]
    if traffic.p95_ms is not None:
        parts.append(f"p95 {duration(traffic.p95_ms)}")
    return " · ".join(parts)


def error_percent(traffic: Traffic) -> str:
    """The share of failed calls: ``0%``, ``<0.1%``, ``0.3%``, ``2%``, ``100%``."""
    if traffic.errors <= 0 or traffic.calls <= 0:
        return "0%"
    share = 100.0 * traffic.errors / traffic.calls
    return "<0.1%" if share < 0.1 else f"{_trimmed(share)}%"


def duration(ms: float) -> str:
    """``0.4 ms``, ``12 ms``, ``1.5 s``: precise enough to compare, short enough to read."""
    if ms >= 1000:
        return f"{_trimmed(ms / 1000)} s"
    return f"{_trimmed(ms) if ms < 10 else math.floor(ms + 0.5)} ms"


def _trimmed(value: float) -> str:
    """One decimal, halves rounded up (as the web page's ``toFixed`` does), without a
    trailing ``.0``."""
    text = f"{math.floor(value * 10 + 0.5) / 10:.1f}"
    return text[:-2] if text.endswith(".0") else text
