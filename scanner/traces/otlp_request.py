"""One OTLP/HTTP export request, decoded with partial success in mind.

A request that is not an ``ExportTraceServiceRequest`` at all fails as a whole; inside a
well-formed one, a span with bad ids is rejected on its own and counted, so the receiver can
answer with ``partial_success`` as the OTLP spec asks instead of dropping a whole batch.
Spans are slim (only the attributes servicemap reads, no names): they are only aggregated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from scanner.traces import otlp_json, otlp_proto
from scanner.traces.proto_batch import ProtoBatch
from scanner.traces.semconv import READ
from scanner.traces.span import Span, TraceFormatError


@dataclass(frozen=True, slots=True)
class DecodedRequest:
    """The good spans of a request and one message per rejected span."""

    spans: list[Span]
    rejected: list[str] = field(default_factory=list)


def decode_protobuf(body: bytes) -> DecodedRequest:
    rejected: list[str] = []
    spans = list(otlp_proto.spans_of(otlp_proto.parse(body), rejected, keep=READ))
    return DecodedRequest(spans, rejected)


def protobuf_batch(body: bytes) -> ProtoBatch | None:
    """The request as columns for :meth:`TraceAggregator.add_batch` (about twice as fast
    to aggregate as :func:`decode_protobuf`'s spans); None when a span has bad ids,
    and :func:`decode_protobuf` then rejects just those. Raises as :func:`decode_protobuf`
    for a request that is not one."""
    batch = ProtoBatch(body)
    return batch if batch.well_formed() else None


def decode_json(body: bytes) -> DecodedRequest:
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TraceFormatError(f"not valid JSON: {exc}") from exc
    if not isinstance(doc, dict) or (doc and not otlp_json.is_otlp(doc)):
        raise TraceFormatError("not an OTLP/JSON ExportTraceServiceRequest (no resourceSpans)")
    rejected: list[str] = []
    spans = list(otlp_json.decode(doc, rejects=rejected, keep=READ)) if doc else []
    return DecodedRequest(spans, rejected)
