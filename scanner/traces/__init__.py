"""Trace ingestion: the observed dependency graph from OTLP, Jaeger and Zipkin traces.

``ingest_files`` reads trace files (format told from content); ``TraceAggregator`` takes
spans incrementally, as the live OTLP receiver gets them; ``decode_bytes`` turns one file's
or request's bytes into :class:`Span` records.
"""

from __future__ import annotations

from scanner.traces.aggregator import TraceAggregator
from scanner.traces.formats import decode_bytes, decode_file
from scanner.traces.ingest import ingest_files
from scanner.traces.span import Span, SpanKind, SpanLink, TraceFormatError

__all__ = [
    "Span",
    "SpanKind",
    "SpanLink",
    "TraceAggregator",
    "TraceFormatError",
    "decode_bytes",
    "decode_file",
    "ingest_files",
]
