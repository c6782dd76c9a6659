"""``POST /v1/traces``: an OTLP/HTTP trace receiver, so an OpenTelemetry SDK exporter or a
Collector's ``otlphttp`` exporter can point at servicemap unchanged.

As the OTLP/HTTP spec asks: binary protobuf (``application/x-protobuf``) and JSON
(``application/json``) requests, gzip (or deflate) ``Content-Encoding``, answers in the
request's encoding: 200 with an ``ExportTraceServiceResponse`` (``partial_success`` counting
rejected spans when some were malformed), 400 with a ``google.rpc.Status`` for a malformed
request, 413 when the body (or what it inflates to) is over the limit, 415 for other content
types or encodings. Behind ``require_token`` like every write endpoint.
"""

from __future__ import annotations

import json
import threading
import zlib
from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from catalog_api.api.dependencies import require_token

if TYPE_CHECKING:  # the trace modules load on the first request, not with the app
    from catalog_api.api.otlp_receiver import TraceReceiver

MAX_INFLATED_BYTES = 64 * 1024 * 1024  # the OpenTelemetry SDK's own request size bound
PROTOBUF = "application/x-protobuf"
JSON = "application/json"
_MEDIA_TYPES = {PROTOBUF: PROTOBUF, "application/protobuf": PROTOBUF, JSON: JSON}
_INVALID_ARGUMENT = 3  # google.rpc.Code
_RESOURCE_EXHAUSTED = 8

router = APIRouter(tags=["otlp"])
_receiver_lock = threading.Lock()


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def get_receiver(request: Request) -> TraceReceiver:
    """The app's receiver, made on first use around the app's store, with the retention in
    ``app.state.receiver_retention`` when the server was given one (``servicemap serve
    --receiver-window/--receiver-keep``), else the default."""
    from catalog_api.api.otlp_receiver import TraceReceiver

    state = request.app.state
    with _receiver_lock:
        receiver: TraceReceiver | None = getattr(state, "trace_receiver", None)
        if receiver is None:
            retention = getattr(state, "receiver_retention", None)
            receiver = state.trace_receiver = TraceReceiver(state.store, retention=retention)
    return receiver


@router.post("/v1/traces", dependencies=[Depends(require_token)])
async def export_traces(request: Request) -> Response:
    """Receive spans; they show in the latest snapshot's graph with their traffic."""
    media = _MEDIA_TYPES.get(request.headers.get("content-type", "").split(";")[0].strip().lower())
    if media is None:
        return _status(JSON, 415, _INVALID_ARGUMENT, f"content type must be {PROTOBUF} or {JSON}")
    try:
        body = _inflated(await request.body(), request.headers.get("content-encoding", ""))
        rejected = await run_in_threadpool(_receive, media, body, get_receiver(request))
    except _Refused as exc:
        code = _RESOURCE_EXHAUSTED if exc.status == 413 else _INVALID_ARGUMENT
        return _status(media, exc.status, code, exc.message)
    return _success(media, rejected)


def _inflated(body: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "deflate"):
        raise _Refused(415, f"content encoding {encoding!r} is not supported; use gzip")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_INFLATED_BYTES + 1)
    except zlib.error as exc:
        raise _Refused(400, f"body is not valid {encoding} data: {exc}") from exc
    if len(data) > MAX_INFLATED_BYTES:
        raise _Refused(413, f"request inflates to over {MAX_INFLATED_BYTES} bytes")
    return data


def _receive(media: str, body: bytes, receiver: TraceReceiver) -> list[str]:
    """Decode and aggregate one request; the messages of its rejected spans. A well-formed
    protobuf request takes the columnar fast path; one with bad span ids is decoded span by
    span so the good ones are kept and the bad ones counted (partial success)."""
    from scanner.traces import TraceFormatError
    from scanner.traces.otlp_request import decode_json, decode_protobuf, protobuf_batch

    try:
        batch = protobuf_batch(body) if media == PROTOBUF else None
        if batch is None:
            decoded = decode_protobuf(body) if media == PROTOBUF else decode_json(body)
    except TraceFormatError as exc:
        raise _Refused(400, str(exc)) from exc
    if batch is not None:
        receiver.accept_batch(batch)
        return []
    receiver.accept(decoded.spans)
    return decoded.rejected


def _success(media: str, rejected_spans: list[str]) -> Response:
    rejected = len(rejected_spans)
    message = "; ".join(rejected_spans[:3]) if rejected else ""
    if media == JSON:
        partial = {"rejectedSpans": rejected, "errorMessage": message} if rejected else None
        body = json.dumps({"partialSuccess": partial} if partial else {})
        return Response(body, 200, media_type=JSON)
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceResponse,
    )

    response = ExportTraceServiceResponse()
    if rejected:
        response.partial_success.rejected_spans = rejected
        response.partial_success.error_message = message
    return Response(response.SerializeToString(), 200, media_type=PROTOBUF)


def _status(media: str, http_status: int, code: int, message: str) -> Response:
    """A ``google.rpc.Status`` in the request's encoding (encoded by hand: two fields)."""
    if media == JSON:
        return Response(
            json.dumps({"code": code, "message": message}), http_status, media_type=JSON
        )
    text = message.encode("utf-8")
    body = b"\x08" + _varint(code) + b"\x12" + _varint(len(text)) + text
    return Response(body, http_status, media_type=PROTOBUF)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)
