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

from scanner.traces import jaeger, otlp_json, otlp_proto, zipkin
from scanner.traces.jsonshape import obj
from scanner.traces.span import Span, TraceFormatError

_JSON_START = (b"{", b"[")


def decode_file(path: Path) -> list[Span]:
    """All spans of one file; :class:`TraceFormatError` naming the file when it is malformed.

    The whole file is decoded before any span is returned, so a file that fails half way
    contributes nothing rather than half a picture.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TraceFormatError(f"cannot read: {exc.strerror or exc}", str(path)) from exc
    try:
        return decode_bytes(data)
    except TraceFormatError as exc:
        raise exc.in_file(str(path)) from None


def decode_bytes(data: bytes) -> list[Span]:
    """Spans of one file's or request's bytes, whatever the format."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise TraceFormatError(f"broken gzip data: {exc}") from exc
    if not data.strip():
        return []
    if data.lstrip()[:1] not in _JSON_START:
        return list(otlp_proto.decode(data))
    try:
        return list(_decode_json(data))
    except TraceFormatError as exc:
        if data[:1] != b"\n":  # a protobuf request also starts with 0x0a
            raise
        json_error = exc
    try:
        return list(otlp_proto.decode(data))
    except TraceFormatError:
        raise json_error from None


def _decode_json(data: bytes) -> Iterator[Span]:
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
        yield from decode_document(doc, where)


def _json_lines(text: str) -> Iterator[tuple[object, str]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield json.loads(line), f"line {n}: "
            except json.JSONDecodeError as exc:
                raise TraceFormatError(f"line {n}: not valid JSON: {exc.msg}") from exc


def decode_document(doc: object, where: str = "") -> Iterator[Span]:
    """Spans of one parsed JSON document in any of the JSON formats."""
    if isinstance(doc, dict) and otlp_json.is_otlp(doc.get("result")):
        doc = doc["result"]  # Jaeger v2's /api/v3/traces wraps OTLP/JSON in "result"
    try:
        if otlp_json.is_otlp(doc):
            yield from otlp_json.decode(obj(doc, "request"))
        elif jaeger.is_jaeger(doc):
            yield from jaeger.decode(doc)
        elif zipkin.is_zipkin(doc):
            yield from zipkin.decode(doc)
        else:
            raise TraceFormatError(f"not OTLP, Jaeger or Zipkin JSON ({_describe(doc)})")
    except TraceFormatError as exc:
        if not where:
            raise
        raise TraceFormatError(where + exc.message) from None


def _describe(doc: object) -> str:
    if isinstance(doc, dict):
        keys = ", ".join(sorted(str(k) for k in doc)[:5])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(doc, list):
        return "a list of something other than Zipkin spans or Jaeger traces"
    return f"a JSON {type(doc).__name__}"
