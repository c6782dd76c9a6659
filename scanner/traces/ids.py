"""Trace and span ids as lowercase hex, whatever the encoding they arrived in.

OTLP/JSON says hex, but some SDKs and older collectors wrote the protobuf JSON mapping's
base64; Zipkin allows 64-bit trace ids and Jaeger drops leading zeros. Normalising here
lets spans from different files and formats of one trace find each other.
"""

from __future__ import annotations

import base64
import binascii
import re

from scanner.traces.span import TraceFormatError

_HEX = re.compile(r"[0-9a-fA-F]+")


def trace_id(value: str, where: str) -> str:
    """A hex trace id from hex (Zipkin's 16 digits stay 16, as Zipkin shows them) or base64."""
    found = _normalise(value, 16, where, "trace id")
    if found is None:
        raise TraceFormatError(f"{where}: missing trace id")
    return found


def span_id(value: str, where: str) -> str:
    """A 16-digit hex span id from hex or base64 (8 bytes)."""
    found = _normalise(value, 8, where, "span id")
    if found is None:
        raise TraceFormatError(f"{where}: missing span id")
    return found


def parent_id(value: str | None, where: str) -> str | None:
    """A span id, or None for a root (absent, empty or all zeros)."""
    if not value:
        return None
    return _normalise(value, 8, where, "parent span id")


def from_bytes(raw: bytes) -> str | None:
    """Hex of protobuf id bytes; None when empty or all zeros."""
    return raw.hex() if raw and any(raw) else None


def _normalise(value: str, size: int, where: str, what: str) -> str | None:
    if not value:
        return None
    if len(value) <= size * 2 and _HEX.fullmatch(value):
        # Jaeger writes ids without leading zeros; pad to 64 or 128 bits so spans of one
        # trace written by different tools still match.
        hexed = value.lower().rjust(16 if len(value) <= 16 else 32, "0")
    else:
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != size:
            raise TraceFormatError(f"{where}: {value!r} is not a hex or base64 {what}")
        hexed = raw.hex()
    return None if hexed.strip("0") == "" else hexed
