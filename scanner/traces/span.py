"""The span record every trace decoder produces and the deriver consumes.

Each input format (OTLP JSON or protobuf, Jaeger, Zipkin) is decoded into this one shape, so
the pairing logic never sees a format's quirks. It is a NamedTuple rather than a frozen
dataclass because millions of them are built per ingest and tuple construction is several
times cheaper; it is just as immutable.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

AttrValue = str | int | float | bool
"""An attribute value after decoding; arrays are joined into one comma-separated string."""

UNKNOWN_SERVICE = "unknown_service"


class SpanKind(StrEnum):
    """The role a span plays in a remote call, as OpenTelemetry defines it."""

    INTERNAL = "internal"
    SERVER = "server"
    CLIENT = "client"
    PRODUCER = "producer"
    CONSUMER = "consumer"


class SpanLink(NamedTuple):
    """A link to another span, possibly in another trace (batch consumers, async hops)."""

    trace_id: str
    span_id: str


class Span(NamedTuple):
    """One decoded span. Ids are lowercase hex; times are Unix nanoseconds (0 = unknown)."""

    trace_id: str
    span_id: str
    parent_id: str | None
    service: str
    kind: SpanKind
    name: str
    start_ns: int
    end_ns: int
    error: bool
    attributes: Mapping[str, AttrValue]
    links: tuple[SpanLink, ...] = ()

    @property
    def duration_ns(self) -> int:
        return max(self.end_ns - self.start_ns, 0)


class TraceFormatError(ValueError):
    """Input that is not valid trace data; the message says which file and what is wrong."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def in_file(self, source: str) -> TraceFormatError:
        """The same error, naming the file it came from."""
        return TraceFormatError(self.message, source)

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message
