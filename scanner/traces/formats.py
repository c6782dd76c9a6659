"""Which trace format a file holds, told from its content, and decoding it into spans.

JSON documents are told apart by shape: ``resourceSpans`` is OTLP (also wrapped in
``result``, as Jaeger v2's query API answers), ``data`` or ``processes`` is Jaeger, a list of
objects with ``traceId`` is Zipkin v2. A file of one JSON document per line (the Collector's
file exporter) is read line by line. Anything that is not JSON is tried as OTLP protobuf;
gzip-compressed files are unpacked first.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from scanner.traces import jaeger, json_batch, otlp_json, otlp_proto, zipkin
from scanner.traces.jsonshape import obj
from scanner.traces.proto_batch import ProtoBatch
from scanner.traces.semconv import READ
from scanner.traces.span import Span, TraceFormatError
from scanner.traces.span_batch import SpanBatch

_JSON_START = (b"{", b"[")


def decode_file(path: Path, *, keep: frozenset[str] | None = None) -> list[Span]:
    """All spans of one file; :class:`TraceFormatError` naming the file when it is malformed.

    The whole file is decoded before any span is returned, so a file that fails half way
    contributes nothing rather than half a picture. With ``keep``, spans carry only those
    attributes (see :func:`decode_bytes`).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TraceFormatError(f"cannot read: {exc.strerror or exc}", str(path)) from exc
    try:
        return decode_bytes(data, keep=keep)
    except TraceFormatError as exc:
        raise exc.in_file(str(path)) from None


def read_batch(path: Path) -> list[Span] | SpanBatch:
    """What ingestion reads of one file: an OTLP protobuf request, or an OTLP/JSON one of
    plain spans, as columns (see :mod:`scanner.traces.span_batch`); anything else as slim
    spans (the attributes servicemap reads, no names). Errors as :func:`decode_file`; a
    protobuf file with bad ids goes through the general decoder so the error names the
    span."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TraceFormatError(f"cannot read: {exc.strerror or exc}", str(path)) from exc
    try:
        raw = _gunzip(data) if data[:2] == b"\x1f\x8b" else data
        start = raw.lstrip()[:1]
        if raw.strip() and start not in _JSON_START:
            batch = ProtoBatch(raw)
            if batch.well_formed():
                return batch
        elif start == b"{" and (found := json_batch.read(raw)) is not None:
            return found
        return decode_bytes(data, keep=READ)
    except TraceFormatError as exc:
        raise exc.in_file(str(path)) from None


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise TraceFormatError(f"broken gzip data: {exc}") from exc


def decode_bytes(data: bytes, *, keep: frozenset[str] | None = None) -> list[Span]:
    """Spans of one file's or request's bytes, whatever the format. With ``keep``, spans
    carry only those attributes and no name (what ingestion needs, at a fraction of the
    cost for OTLP, whose decoders skip the other attributes without reading them)."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    if not data.strip():
        return []
    if data.lstrip()[:1] not in _JSON_START:
        return list(otlp_proto.decode(data, keep=keep))
    try:
        return list(_decode_json(data, keep))
    except TraceFormatError as exc:
        if data[:1] != b"\n":  # a protobuf request also starts with 0x0a
            raise
        json_error = exc
    try:
        return list(otlp_proto.decode(data, keep=keep))
    except TraceFormatError:
        raise json_error from None


def _decode_json(data: bytes, keep: frozenset[str] | None) -> Iterator[Span]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TraceFormatError(f"not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    try:
        docs: list[tuple[object, str]] = [(json.loads(text), "")]
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise TraceFormatError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        docs = list(_json_lines(text))
    for doc, where in docs:
        yield from decode_document(doc, where, keep=keep)


def _json_lines(text: str) -> Iterator[tuple[object, str]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line), f"line {n}: "
            except json.JSONDecodeError as exc:
                raise TraceFormatError(f"line {n}: not valid JSON: {exc.msg}") from exc


def decode_document(
    doc: object, where: str = "", *, keep: frozenset[str] | None = None
) -> Iterator[Span]:
    """Spans of one parsed JSON document in any of the JSON formats (with ``keep``, only
    those attributes)."""
    if isinstance(doc, dict) and otlp_json.is_otlp(doc.get("result")):
        doc = doc["result"]  # Jaeger v2's /api/v3/traces wraps OTLP/JSON in "result"
    try:
        if otlp_json.is_otlp(doc):
            yield from otlp_json.decode(obj(doc, "request"), keep=keep)
        elif jaeger.is_jaeger(doc):
            yield from _slimmed(jaeger.decode(doc), keep)
        elif zipkin.is_zipkin(doc):
            yield from _slimmed(zipkin.decode(doc), keep)
        else:
            raise TraceFormatError(f"not OTLP, Jaeger or Zipkin JSON ({_describe(doc)})")
    except TraceFormatError as exc:
        if not where:
            raise
        raise TraceFormatError(where + exc.message) from None


def _slimmed(spans: Iterator[Span], keep: frozenset[str] | None) -> Iterator[Span]:
    if keep is None:
        return spans
    return (
        s._replace(attributes={k: v for k, v in s.attributes.items() if k in keep}, name="")
        for s in spans
    )


def _describe(doc: object) -> str:
    if isinstance(doc, dict):
        keys = ", ".join(sorted(str(k) for k in doc)[:5])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(doc, list):
        return "a list of something other than Zipkin spans or Jaeger traces"
    return f"a JSON {type(doc).__name__}"
