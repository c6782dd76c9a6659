"""One OTLP protobuf request as a :class:`~scanner.traces.span_batch.SpanBatch`, parsed once.

Reading a field of a protobuf message from Python costs a bytecode dispatch and a wrapper
object; at a million spans that is most of an ingest. Where it is built, a C reader
(``_otlp_columns.c``) walks the request once and hands over the columns; it reads what the
lean class of :mod:`scanner.traces.lean_proto` declares, by the same rules, and declines any
request it is not sure of. Otherwise (or when it declines) the request is parsed once with
that lean class (attributes, status and links as raw bytes), and each field every span
needs is fetched for the whole request at once by ``map`` over an ``operator.attrgetter``:
the loop runs in C. The tests hold the two readers to the same columns.

Validation. What servicemap reads is checked as strictly as the ``opentelemetry-proto``
classes check it, before anything of the request is aggregated, so a malformed request still
fails as a whole with a clear error and adds nothing: the envelope (requests, resources,
scopes, spans and every length in them) by the lean parse; span ids by :meth:`well_formed`;
attributes, resource attributes and statuses by parsing each *distinct* raw encoding (a
request repeats a few) with the real ``KeyValue`` and ``Status`` classes (nested values,
UTF-8 of strings); a request with span links is parsed in full with the real class, which
also serves the general path those spans take. Fields servicemap never reads (span names,
events, trace state, scopes, schema URLs) are skipped as the lean class's unknown fields:
their lengths are checked but not their content, so a span name that is not UTF-8 or a
broken event inside a well-framed span is accepted rather than failing the batch. That is
deliberate: validating them would mean reading every span a second time (it was a third of
the ingest), to reject data whose only fault is in what servicemap discards; the OTLP
receiver answers 400 for everything it reads. A status encoded twice in one span (no encoder
writes that) counts as its last occurrence where protobuf would merge the two.
"""

from __future__ import annotations

from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, cast

from scanner.traces import lean_proto, otlp_proto
from scanner.traces.semconv import READ
from scanner.traces.span import AttrValue, SpanLink, TraceFormatError
from scanner.traces.span_batch import NO_ATTRIBUTES, Items, SpanBatch

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from opentelemetry.proto.common.v1.common_pb2 import KeyValue
    from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan

_COLUMNS = tuple(
    map(
        attrgetter,
        (
            "trace_id",
            "span_id",
            "parent_span_id",
            "kind",
            "start_time_unix_nano",
            "end_time_unix_nano",
        ),
    )
)
_STATUS, _ATTRIBUTES, _LINKS = attrgetter("status"), attrgetter("attributes"), attrgetter("links")
_STATUS_ERROR = 2
_ALL = itemgetter(slice(None))  # a repeated field's values as a list, copied in one C call


class ProtoBatch(SpanBatch):
    """The columns of one binary request; attributes are raw ``KeyValue`` encodings."""

    __slots__ = ("_data", "_kvs", "_messages")

    def __init__(self, data: bytes) -> None:
        """Columns of ``data``; :class:`TraceFormatError` when what servicemap reads of it
        is malformed (see the module docstring)."""
        kvs: dict[bytes, KeyValue] = {}
        native = _native_columns(data)
        columns = _native(native, kvs) if native is not None else _lean(data, kvs)
        links = columns.pop()
        self._fill(columns, links, kvs, data if links else None)
        if self.links:
            self.messages()  # links are read from the full request, which validates them

    def _fill(
        self,
        columns: Sequence[Sequence[Any]],
        links: bool,
        kvs: dict[bytes, KeyValue],
        data: bytes | None,
    ) -> None:
        """Set the columns: trace ids, span ids, parent ids, kinds, starts, ends, services,
        errors, attribute sets."""
        trace_ids, span_ids, parent_ids, kinds, starts, ends, services, errors, items = columns
        super().__init__(
            trace_ids, span_ids, parent_ids, kinds, services, (starts, ends), errors, items, links
        )
        self._data = data  # kept only for a request with links: see messages()
        self._kvs = kvs
        self._messages: list[ProtoSpan] | None = None

    def __reduce__(self) -> tuple[Callable[..., ProtoBatch], tuple[object, ...]]:
        """Pickled compactly, for a worker process handing a batch to its parent (see
        :mod:`scanner.traces.file_reads`): columns as lists, each distinct attribute set
        once, no parsed attributes (the parent parses what it decodes, see :meth:`_kv`);
        the request itself only when the full messages are needed (spans with links)."""
        distinct = list(dict.fromkeys(self.items))
        numbers = {items: n for n, items in enumerate(distinct)}
        columns = [
            list(self.trace_ids),
            list(self.span_ids),
            list(self.parent_ids),
            list(self.kinds),
            list(self.starts),
            list(self.ends),
            list(self.services),
            list(self.errors),
            list(map(numbers.__getitem__, self.items)),
        ]
        return (_unpickled, (columns, distinct, self.links, self._data))

    def well_formed(self) -> bool:
        """Whether every id has the size the spec gives (else the general decoder reports
        which span is wrong)."""
        return set(map(len, self.trace_ids)) <= {16} and set(map(len, self.span_ids)) <= {8}

    def decode(self, items: Items) -> Mapping[str, AttrValue]:
        """All the attributes behind raw encodings (this runs once per distinct set)."""
        return otlp_proto.attributes(map(self._kv, items))

    def _kv(self, raw: object) -> KeyValue:
        """The message of a raw attribute, parsed where the batch was read (to validate
        it) or, for a batch handed over by a worker, on first use here."""
        found = self._kvs.get(cast(bytes, raw))
        return _parsed([raw], self._kvs)[0] if found is None else found

    def attributes(self, i: int) -> Mapping[str, AttrValue]:
        items = self.items[i]
        return otlp_proto.attributes(map(self._kv, items), READ) if items else NO_ATTRIBUTES

    def links_of(self, i: int) -> tuple[SpanLink, ...]:
        links = self.messages()[i].links if self.links else ()
        return otlp_proto.links(links) if links else ()

    def messages(self) -> list[ProtoSpan]:
        """The spans as full messages, in position order (for the general path)."""
        if self._messages is None:
            assert self._data is not None, "read after release"
            self._messages = [
                span
                for rs in otlp_proto.parse(self._data).resource_spans
                for ss in rs.scope_spans
                for span in ss.spans
            ]
        return self._messages

    def release(self) -> None:
        super().release()
        self._data = self._messages = None
        self._kvs = {}


def _unpickled(
    columns: list[list[Any]], distinct: list[Items], links: bool, data: bytes | None
) -> ProtoBatch:
    batch = ProtoBatch.__new__(ProtoBatch)
    columns[8] = list(map(distinct.__getitem__, columns[8]))
    batch._fill(columns, links, {}, data)
    return batch


def _lean(data: bytes, kvs: dict[bytes, KeyValue]) -> list[Any]:
    """The columns (and, last, whether any span has links) by protobuf's parser: the
    request parsed with the lean class, each field read for all spans by ``map``."""
    spans: list[Any] = []  # lean messages
    services: list[str] = []
    for rs in otlp_proto.parse(data, lean_proto.request_class()).resource_spans:
        service = _service(tuple(_ALL(rs.resource.attributes)), kvs)
        for ss in rs.scope_spans:
            scope = ss.spans
            spans += scope
            services += repeat(service, len(scope))
    # A column at a time: no row tuples to build and transpose.
    columns = [list(map(field, spans)) for field in _COLUMNS]
    statuses = list(map(_STATUS, spans))
    sets = list(map(tuple, map(_ALL, map(_ATTRIBUTES, spans))))  # a slice: twice as fast
    links = any(map(_LINKS, spans))
    del spans
    # One object per distinct set: later lookups compare them by identity.
    distinct: dict[Items, Items] = {}
    items = list(map(distinct.setdefault, sets, sets))
    _parsed(chain.from_iterable(distinct), kvs)
    errors = _errors(statuses)
    return [*columns, services, list(map(errors.__getitem__, statuses)), items, links]


def _native(found: tuple[Any, ...], kvs: dict[bytes, KeyValue]) -> list[Any]:
    """The columns as :func:`_lean` gives them, from what the C reader found (one object
    per distinct attribute set and status already), validated the same way."""
    *columns, statuses, items, groups, links, distinct, distinct_statuses = found
    services: list[str] = []
    for raws, count in groups:
        services += repeat(_service(raws, kvs), count)
    _parsed(chain.from_iterable(distinct), kvs)
    errors = _errors([b"", *distinct_statuses])
    return [*columns, services, list(map(errors.__getitem__, statuses)), items, links]


def native_reader() -> bool:
    """Whether the C reader is built (and current)."""
    return _READER is not None


def _native_columns(data: bytes) -> tuple[Any, ...] | None:
    """What the C reader finds in ``data``; None where it is not built (or is stale) or
    leaves the request to protobuf's parser."""
    return _READER(data) if _READER is not None else None


def _reader() -> Callable[[bytes], tuple[Any, ...] | None] | None:
    try:
        from scanner.traces import _otlp_columns
    except ImportError:
        return None
    return _otlp_columns.columns if _otlp_columns.VERSION == NATIVE_VERSION else None


NATIVE_VERSION = 1
"""The C reader's version this module reads: a stale build is not used."""
_READER = _reader()
_SERVICES: dict[Items, str] = {}  # raw resource attributes -> service name


def _service(raws: Items, kvs: dict[bytes, KeyValue]) -> str:
    """The service of a resource, by its raw attributes: a request repeats a few
    resources, and what was parsed (so validated) once needs no second parse."""
    found = _SERVICES.get(raws)
    if found is None:
        found = otlp_proto.service_name(_parsed(raws, kvs))
        if len(_SERVICES) >= 10_000:
            _SERVICES.clear()
        _SERVICES[raws] = found
    return found


def _parsed(raws: Iterable[Any], kvs: dict[bytes, KeyValue]) -> list[KeyValue]:
    """The ``KeyValue`` messages of raw encodings (bytes, typed loosely: they come from the
    lean class's untyped fields), each distinct one parsed (and so validated) once and kept
    in ``kvs``."""
    from google.protobuf.message import DecodeError
    from opentelemetry.proto.common.v1.common_pb2 import KeyValue

    found = []
    for raw in raws:
        kv = kvs.get(raw)
        if kv is None:
            try:
                kv = kvs[raw] = KeyValue.FromString(raw)
            except DecodeError as exc:
                raise TraceFormatError(f"malformed attribute: {exc}") from exc
        found.append(kv)
    return found


def _errors(statuses: Iterable[bytes]) -> dict[bytes, bool]:
    """Whether each distinct raw ``Status`` encoding says ERROR."""
    from google.protobuf.message import DecodeError
    from opentelemetry.proto.trace.v1.trace_pb2 import Status

    errors = {}
    for raw in set(statuses):
        try:
            errors[raw] = Status.FromString(raw).code == _STATUS_ERROR
        except DecodeError as exc:
            raise TraceFormatError(f"malformed span status: {exc}") from exc
    return errors
