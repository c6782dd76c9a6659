"""One OTLP/JSON request as a :class:`~scanner.traces.span_batch.SpanBatch`.

Only plain spans are read this way (hex ids, numeric kinds, no links: what the spec and the
SDK exporters write), with the values the general decoder would give them (the tests compare
both on the same files); a document with any other span, or that is not a single OTLP
request, goes the general way. JSON is parsed with ``orjson`` when it is installed (it
builds the objects faster than the standard library); anything it refuses is left to the
general decoder.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from itertools import repeat
from operator import itemgetter
from types import NoneType
from typing import cast

import orjson

from scanner.traces import otlp_json
from scanner.traces.jsonshape import JsonObject, array, obj
from scanner.traces.otlp_json import get_either as _get
from scanner.traces.semconv import READ
from scanner.traces.span import UNKNOWN_SERVICE, AttrValue, TraceFormatError
from scanner.traces.span_batch import Items, SpanBatch

_KIND_VALUES = {None, 0, 1, 2, 3, 4, 5}
_ERROR_CODES = (2, "2", "STATUS_CODE_ERROR")
_HEX32 = re.compile(r"[0-9a-fA-F]{32}").fullmatch
_HEX16 = re.compile(r"[0-9a-fA-F]{16}").fullmatch
_ZERO32 = "0" * 32
_ZERO16 = "0" * 16
_ZERO_BYTES = bytes(8)


# orjson parses OTLP/JSON trace files about a fifth faster end to end than the stdlib.
_loads: Callable[[bytes], object] = orjson.loads


def read(data: bytes) -> JsonBatch | None:
    """The batch of one OTLP/JSON document of plain spans; None for anything else."""
    try:
        doc = _loads(data.removeprefix(b"\xef\xbb\xbf"))
    except (ValueError, UnicodeDecodeError):  # orjson.JSONDecodeError is a ValueError
        return None
    if not isinstance(doc, dict) or not otlp_json.is_otlp(doc):
        return None
    try:
        found = _spans_and_services(doc)
    except TraceFormatError:
        return None
    return _columns(*found) if found is not None else None


def _spans_and_services(doc: JsonObject) -> tuple[list[JsonObject], list[str]] | None:
    """Every span object with its service, walking the request as the decoder does."""
    spans: list[JsonObject] = []
    services: list[str] = []
    for raw_rs in array(_get(doc, "resourceSpans", "resource_spans"), ""):
        rs = obj(raw_rs, "")
        resource = obj(rs.get("resource") or {}, "")
        res_attrs = otlp_json.attributes(resource.get("attributes"), "")
        service = sys.intern(str(res_attrs.get("service.name") or UNKNOWN_SERVICE))
        scopes = _get(rs, "scopeSpans", "scope_spans") or _get(
            rs, "instrumentationLibrarySpans", "instrumentation_library_spans"
        )
        for raw_ss in array(scopes, ""):
            found = array(obj(raw_ss, "").get("spans"), "")
            if not set(map(type, found)) <= {dict}:
                return None
            spans += cast(list[JsonObject], found)
            services += repeat(service, len(found))
    return spans, services


def _columns(spans: list[JsonObject], services: list[str]) -> JsonBatch | None:
    """The batch, when every span is plain: hex ids (no snake_case twins), a numeric kind,
    times as decimal strings or integers, no links, well-formed attributes. Each check
    runs over a whole column in C (``map`` over ``dict.get``); None as soon as one fails,
    and the general decoder reads the document, naming any problem."""

    def column(key: str) -> list[object]:
        return list(map(dict.get, spans, repeat(key)))

    trace_ids, span_ids, parent_ids = column("traceId"), column("spanId"), column("parentSpanId")
    kinds, names, links = column("kind"), column("name"), column("links")
    starts, ends, statuses = (
        column("startTimeUnixNano"),
        column("endTimeUnixNano"),
        column("status"),
    )
    if not (
        set(map(type, trace_ids)) <= {str}
        and set(map(type, span_ids)) <= {str}
        and set(map(type, parent_ids)) <= {str, NoneType}
        and set(map(type, kinds)) <= {int, NoneType}
        and set(kinds) <= _KIND_VALUES
        and set(map(type, names)) <= {str, NoneType}
        and set(map(type, links)) <= {list, NoneType}
        and not any(links)
        and set(map(type, starts)) | set(map(type, ends)) <= {str, int}
        and all(map(_HEX32, cast(list[str], trace_ids)))
        and all(map(_HEX16, cast(list[str], span_ids)))
        and all(map(_HEX16, filter(None, cast(list[str | None], parent_ids))))
        and _ZERO32 not in trace_ids
        and _ZERO16 not in span_ids
        and (None not in parent_ids or not any(map(_has_snake_parent, spans)))
    ):
        return None
    try:
        # checked above: every time is a str or an int, so int() reads it as integer() would
        times = (list(map(int, cast(list[str], starts))), list(map(int, cast(list[str], ends))))
    except ValueError:
        return None
    errors = [_error(status) for status in statuses]
    found = _attribute_columns(column("attributes"))
    if None in errors or found is None:
        return None
    return JsonBatch(
        cast(list[str], trace_ids),
        cast(list[str], span_ids),
        cast(list[str | None], parent_ids),
        [1 if k is None else k for k in cast(list[int | None], kinds)],
        services,
        times,
        cast(list[bool], errors),
        *found,
    )


def _has_snake_parent(span: JsonObject) -> bool:
    return "parent_span_id" in span


def _error(status: object) -> bool | None:
    if not status:
        return False
    if type(status) is dict:
        return cast(JsonObject, status).get("code") in _ERROR_CODES
    return None


def _attribute_columns(
    raws: list[object],
) -> tuple[list[dict[str, AttrValue]], list[Items]] | None:
    """Each span's attributes and their items; None when one set is not well formed.
    Spans repeat a few attribute sets, so each distinct set (told apart by its JSON, which
    keeps ``1``, ``1.0`` and ``true`` apart) is read once and shared."""
    keys = list(map(orjson.dumps, raws))
    sets: dict[bytes, tuple[dict[str, AttrValue], Items]] = {}
    for key, raw in zip(keys, raws, strict=True):
        if key not in sets:
            attrs = _attributes(raw)
            if attrs is None:
                return None
            sets[key] = (attrs, _items(attrs))
    pairs = list(map(sets.__getitem__, keys))
    return list(map(itemgetter(0), pairs)), list(map(itemgetter(1), pairs))


def _attributes(raw: object) -> dict[str, AttrValue] | None:
    if raw is None:
        return {}
    if type(raw) is not list:
        return None
    return otlp_json.plain_attributes(cast(list[object], raw), READ)


class JsonBatch(SpanBatch):
    """Columns of plain OTLP/JSON spans; attributes are their (key, value) pairs."""

    __slots__ = ("_attributes",)

    def __init__(
        self,
        trace_ids: list[str],
        span_ids: list[str],
        parent_ids: list[str | None],
        kinds: list[int],
        services: list[str],
        times: tuple[list[int], list[int]],
        errors: list[bool],
        attributes: list[dict[str, AttrValue]],
        items: list[Items],
    ) -> None:
        parents = list(map(bytes.fromhex, map(_or_empty, parent_ids)))
        super().__init__(
            list(map(bytes.fromhex, trace_ids)),
            list(map(bytes.fromhex, span_ids)),
            [b"" if p == _ZERO_BYTES else p for p in parents],  # all zeros: a root
            kinds,
            services,
            times,
            errors,
            items,
            False,  # plain spans have no links
        )
        self._attributes = attributes

    def decode(self, items: Items) -> Mapping[str, AttrValue]:
        out: dict[str, AttrValue] = {}
        for pair in items:
            if isinstance(pair, tuple) and isinstance(pair[0], str):
                out[pair[0]] = pair[1]
        return out

    def attributes(self, i: int) -> Mapping[str, AttrValue]:
        return self._attributes[i]

    def release(self) -> None:
        super().release()
        self._attributes = []


def _or_empty(value: str | None) -> str:
    return value or ""


def _items(attrs: Mapping[str, AttrValue]) -> Items:
    """(key, value) pairs; when a value is not a string, the value types follow (a None
    key), since ``1``, ``1.0`` and ``True`` are equal keys in a memo but not equal facts."""
    pairs = tuple(attrs.items())
    if all(type(v) is str for v in attrs.values()):
        return pairs
    return (*pairs, (None, tuple(type(v).__name__ for v in attrs.values())))
