"""One file's or request's spans as parallel columns, for the fast ingestion path.

Reading fields span by span is most of the cost of an ingest in Python. A batch holds the
fields derivation needs as parallel sequences (ids as raw bytes, kinds as integers, each
span's attributes as a hashable ``items`` key), filled by a format's reader in as few Python
steps as it can (see :mod:`scanner.traces.proto_batch` and :mod:`scanner.traces.json_batch`).
:mod:`scanner.traces.batch_derive` pairs spans over the columns; spans of traces it cannot
handle are rebuilt as :class:`~scanner.traces.span.Span` records for the general path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import add, eq

from scanner.traces.derive import Stub
from scanner.traces.span import AttrValue, Span, SpanKind, SpanLink

Items = tuple[object, ...]
"""A span's attributes in a hashable form a batch can decode (its ``decode``): facts
derived from them are memoised, most spans repeat a few attribute sets."""
KINDS = (
    SpanKind.INTERNAL,
    SpanKind.INTERNAL,
    SpanKind.SERVER,
    SpanKind.CLIENT,
    SpanKind.PRODUCER,
    SpanKind.CONSUMER,
)
NO_ATTRIBUTES: Mapping[str, AttrValue] = {}


class SpanBatch:
    """Parallel columns of a batch's spans, in order; :meth:`parents` links each span to its
    parent's position."""

    __slots__ = (
        "_by_span",
        "_indexed",
        "_positions",
        "ends",
        "errors",
        "items",
        "kinds",
        "links",
        "parent_ids",
        "services",
        "span_ids",
        "starts",
        "trace_ids",
    )

    def __init__(
        self,
        trace_ids: Sequence[bytes],
        span_ids: Sequence[bytes],
        parent_ids: Sequence[bytes],
        kinds: Sequence[int],
        services: Sequence[str],
        times: tuple[Sequence[int], Sequence[int]],
        errors: Sequence[bool],
        items: Sequence[Items],
        links: bool,
    ) -> None:
        self.trace_ids = trace_ids
        self.span_ids = span_ids
        self.parent_ids = parent_ids  # b"" for a root
        self.kinds = kinds
        self.services = services
        self.starts, self.ends = times
        self.errors = errors
        self.items = items
        self.links = links  # whether any span links to another
        self._positions: dict[bytes, int] | None = None
        self._indexed = False
        self._by_span: dict[bytes, int] | None = None  # span id -> position, when unique

    def parents(self) -> list[int] | None:
        """Each span's parent's position (-1: a root, or a parent not in the batch); None
        when two spans share a trace and span id (the general path then). Span ids are
        unique in a batch as a rule: they index it alone, cheaper than trace id + span id
        (a parent id found in another trace is not the parent)."""
        trace_ids, span_ids, n = self.trace_ids, self.span_ids, len(self.kinds)
        by_span = dict(zip(span_ids, range(n), strict=True))
        if len(by_span) < n:
            positions = self.positions
            if positions is None:
                return None
            return list(map(positions.get, map(add, trace_ids, self.parent_ids), repeat(-1)))
        self._by_span = by_span
        parents = list(map(by_span.get, self.parent_ids, repeat(-1)))
        traces_x = [*trace_ids, None]  # -1 reads None
        same = sum(map(eq, map(traces_x.__getitem__, parents), trace_ids))
        if same < n - parents.count(-1):
            parents = [
                p if p < 0 or trace_ids[p] == t else -1
                for p, t in zip(parents, trace_ids, strict=True)
            ]
        return parents

    def find(self, trace_id: bytes, span_id: bytes) -> int | None:
        """The position of a span, if in the batch."""
        if self._by_span is not None:
            i = self._by_span.get(span_id)
            return i if i is not None and self.trace_ids[i] == trace_id else None
        return self.positions.get(trace_id + span_id) if self.positions is not None else None

    @property
    def positions(self) -> dict[bytes, int] | None:
        """Trace id + span id bytes to the span's position (None when two spans share
        one), built on first use: a batch a worker process decodes for its parent is not
        indexed there, only where it is aggregated."""
        if not self._indexed:
            keys = map(add, self.trace_ids, self.span_ids)
            positions = dict(zip(keys, range(len(self.kinds)), strict=True))
            self._positions = positions if len(positions) == len(self.kinds) else None
            self._indexed = True
        return self._positions

    def __len__(self) -> int:
        return len(self.kinds)

    # -- what a format supplies ---------------------------------------------------------
    def decode(self, items: Items) -> Mapping[str, AttrValue]:
        """The attributes behind ``items`` (those servicemap reads, at least)."""
        raise NotImplementedError

    def attributes(self, i: int) -> Mapping[str, AttrValue]:
        """The attributes servicemap reads of the span at ``i``, for the general path."""
        return self.decode(self.items[i]) if self.items[i] else NO_ATTRIBUTES

    def links_of(self, i: int) -> tuple[SpanLink, ...]:
        return ()

    # -- shared -----------------------------------------------------------------------------
    def span(self, i: int, trace_hex: str) -> Span:
        """The span at ``i`` as a general-path record (slim attributes, no name)."""
        kind = self.kinds[i]
        return Span(
            trace_hex,
            self.span_ids[i].hex(),
            self.parent_ids[i].hex() or None,
            self.services[i],
            KINDS[kind] if 0 <= kind < 6 else SpanKind.INTERNAL,
            "",
            self.starts[i],
            self.ends[i],
            self.errors[i],
            self.attributes(i),
            self.links_of(i),
        )

    def stub(self, trace_hex: str, span_hex: str) -> Stub | None:
        """A remembered client or server span of this batch, for a later batch's lookup."""
        try:
            i = self.find(bytes.fromhex(trace_hex), bytes.fromhex(span_hex))
        except ValueError:
            return None
        if i is None or self.kinds[i] not in (2, 3):
            return None
        parent = self.parent_ids[i].hex() or None
        return Stub(span_hex, parent, self.services[i], KINDS[self.kinds[i]], self.errors[i], None)

    def release(self) -> None:
        """Forget what later lookups do not read (times, attributes, a format's sources), so
        a batch remembered for lookups holds only ids, kinds and services."""
        self.starts = self.ends = ()
        self.items = ()
