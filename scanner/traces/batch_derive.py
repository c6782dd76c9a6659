"""The fast path of :mod:`scanner.traces.derive`: the calls of the plain traces of one batch
(a protobuf or OTLP/JSON file), found over its columns, without a span record per span.

A trace is plain when its spans are all CLIENT or SERVER spans with ids of their own, every
server span's parent is in the batch, no client span is a messaging call, and every client
span is answered by a server span, is a database call or wraps another client span of its
service. For those, the general deriver's rules reduce to a few lookups by position: a
server's caller is its parent (skipped when that is a server of its own service: double
instrumentation), a caller answered once lends the call its time and error, a database
client span is a call to its datastore. Every other trace is returned as ``odd`` and goes
through the general deriver; the tests feed the same files through both paths and compare
the graphs.

The lookups run as ``map``/``compress`` over whole columns, in C; Python loops only over
the rarer spans (roots, callers that are not client spans, client spans inside client
spans). What a call records is then a function of the spans' services and attribute sets,
memoised below; :mod:`scanner.traces.call_window` turns the calls into edge traffic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import compress, filterfalse, repeat
from operator import eq, getitem, ne, not_
from typing import NamedTuple

from catalog_api.model import EdgeKind
from scanner.traces import details, peers
from scanner.traces.details import Detail
from scanner.traces.peers import NodeRef
from scanner.traces.span import AttrValue
from scanner.traces.span_batch import Items, SpanBatch

_SERVER = 2
_CLIENT = 3
_NO_ATTRS: Mapping[str, AttrValue] = {}
_PLAIN, _STORE, _MESSAGING = 0, 1, 2  # what a client span is, by its attributes


class BatchCalls(NamedTuple):
    """The calls of a batch's plain traces, by span position (in no particular order)."""

    servers: list[int]
    """Server spans that are calls."""
    callers: list[int]
    """Each one's caller span, -1 for a root (its caller is the user or ``peer.service``)."""
    timed: list[int]
    """Each one's span lending the call its time and error: a caller answered once, else
    the server span itself."""
    stores: list[int]
    """Client spans that are database calls."""


def derive_batch(batch: SpanBatch, parents: list[int], odd: set[bytes]) -> BatchCalls:
    """The calls of the batch's plain traces, given each span's parent (``batch.parents()``).
    ``odd`` comes in holding the traces the caller already knows need the general path and
    leaves holding all of them; no call of an odd trace is returned."""
    kinds, trace_ids = batch.kinds, batch.trace_ids
    everyone = range(len(kinds))
    kinds_x = [*kinds, -1]  # a parent's kind; -1 (no parent) reads -1
    servers = list(compress(everyone, map(eq, kinds, repeat(_SERVER))))
    clients = list(compress(everyone, map(eq, kinds, repeat(_CLIENT))))
    if len(servers) + len(clients) < len(kinds):  # local, producer or consumer spans
        odd.update(t for t, k in zip(trace_ids, kinds, strict=True) if k not in (2, 3))
    callers = list(map(parents.__getitem__, servers))
    caller_kinds = list(map(kinds_x.__getitem__, callers))
    # The caller when it is a client span (unless answered twice), else the server span.
    called_by_client = list(map(eq, caller_kinds, repeat(_CLIENT)))
    timed: list[int] = list(map(getitem, zip(servers, callers, strict=True), called_by_client))
    keep = _other_callers(batch, servers, callers, caller_kinds, odd)
    called = list(compress(callers, called_by_client))
    matched = set(called)
    if len(matched) < len(called):  # a client answered twice lends no time
        twice = {j for j, n in Counter(called).items() if n > 1}
        for k in compress(range(len(callers)), map(twice.__contains__, callers)):
            timed[k] = servers[k]
    wrappers = _nested_clients(batch, parents, kinds_x, clients, matched)
    stores = _sort_clients(batch, clients, matched, wrappers, odd)
    if keep is not None:
        servers, callers, timed = (list(compress(c, keep)) for c in (servers, callers, timed))
    if odd:
        servers, callers, timed = _plain(trace_ids, servers, odd, callers, timed)
        (stores,) = _plain(trace_ids, stores, odd)
    return BatchCalls(servers, callers, timed, stores)


def split_calls(
    calls: BatchCalls, trace_ids: Sequence[bytes], ranks: Mapping[bytes, int], bounds: list[int]
) -> list[BatchCalls]:
    """``calls`` in ``len(bounds) + 1`` parts by trace rank: before ``bounds[0]`` (the rank
    of the first odd trace), between it and the next, ..., after the last."""
    servers, callers, timed, stores = calls
    server_parts = _parts(servers, trace_ids, ranks, bounds)
    store_parts = _parts(stores, trace_ids, ranks, bounds)
    return [
        BatchCalls(
            [servers[k] for k in mine],
            [callers[k] for k in mine],
            [timed[k] for k in mine],
            [stores[k] for k in theirs],
        )
        for mine, theirs in zip(server_parts, store_parts, strict=True)
    ]


def _parts(
    at: list[int], trace_ids: Sequence[bytes], ranks: Mapping[bytes, int], bounds: list[int]
) -> list[list[int]]:
    parts: list[list[int]] = [[] for _ in range(len(bounds) + 1)]
    ranked = map(ranks.__getitem__, map(trace_ids.__getitem__, at))
    for k, part in enumerate(map(bisect_left, repeat(bounds), ranked)):
        parts[part].append(k)
    return parts


def _other_callers(
    batch: SpanBatch,
    servers: list[int],
    callers: list[int],
    caller_kinds: list[int],
    odd: set[bytes],
) -> list[bool] | None:
    """Server spans whose parent is not a client span (``derive._Trace.caller``): a root is
    called by the user (timed by itself), a server span of another service calls it, one of
    its own service adds no call (double instrumentation); a parent missing or of another
    kind makes the trace odd. Which servers are calls (None: all of them)."""
    trace_ids, parent_ids, services = batch.trace_ids, batch.parent_ids, batch.services
    keep: list[bool] | None = None
    count = caller_kinds.count
    if count(_CLIENT) + count(-1) == len(servers):  # the rest are roots, if their own
        roots = compress(servers, map(eq, caller_kinds, repeat(-1)))
        if not any(map(parent_ids.__getitem__, roots)):
            return None
    for k in compress(range(len(servers)), map(ne, caller_kinds, repeat(_CLIENT))):
        i = servers[k]
        kind = caller_kinds[k]
        if kind == -1 and not parent_ids[i]:
            continue  # a root
        if kind == _SERVER and services[callers[k]] != services[i]:
            continue
        if kind != _SERVER:
            odd.add(trace_ids[i])  # the caller may be remembered, or still to come
        if keep is None:
            keep = [True] * len(servers)
        keep[k] = False
    return keep


def _nested_clients(
    batch: SpanBatch,
    parents: list[int],
    kinds_x: list[int],
    clients: list[int],
    matched: set[int],
) -> set[int]:
    """Client spans with a client span of their service inside; ``matched`` (the clients
    answered) gains the client spans of its service around an answered one (``_claim``)."""
    services = batch.services
    wrappers: set[int] = set()
    outer = list(map(parents.__getitem__, clients))
    flags = map(eq, map(kinds_x.__getitem__, outer), repeat(_CLIENT))
    nested = list(compress(zip(clients, outer, strict=True), flags))
    answered = set(matched) if nested else matched  # the callers answered directly
    for i, j in nested:
        if services[j] == services[i]:
            wrappers.add(j)
            if i in answered:
                _claim(j, parents, batch.kinds, services, matched, limit=63)
    return wrappers


def _sort_clients(
    batch: SpanBatch,
    clients: list[int],
    matched: set[int],
    wrappers: set[int],
    odd: set[bytes],
) -> list[int]:
    """The database calls among the client spans; a trace with a messaging client span, or
    one no server answered and that wraps no client span of its service, is odd."""
    attribute_sets = list(map(batch.items.__getitem__, clients))
    sorts = dict.fromkeys(attribute_sets, _PLAIN)
    for attrs in sorts:
        sorts[attrs] = _client_sort(attrs, batch)
    what = list(map(sorts.__getitem__, attribute_sets))
    stores = list(compress(clients, map(eq, what, repeat(_STORE))))
    if len(stores) < len(clients):
        trace_ids = batch.trace_ids
        if _MESSAGING in what:
            for i in compress(clients, map(eq, what, repeat(_MESSAGING))):
                odd.add(trace_ids[i])  # messaging: queues are the general path's business
        plain = compress(clients, map(eq, what, repeat(_PLAIN)))
        for i in filterfalse(matched.__contains__, plain):
            if i not in wrappers:
                odd.add(trace_ids[i])  # it waits for its server, or names its own peer
    return stores


def _client_sort(attrs: Items, batch: SpanBatch) -> int:
    if not attrs:
        return _PLAIN
    facts = client_facts(attrs, batch)
    return _STORE if facts[0] is not None else _MESSAGING if facts[1] else _PLAIN


def _plain(
    trace_ids: Sequence[bytes], at: list[int], odd: set[bytes], *more: list[int]
) -> list[list[int]]:
    """``at`` and its parallel lists without the positions of odd traces."""
    keep = list(map(not_, map(odd.__contains__, map(trace_ids.__getitem__, at))))
    return [list(compress(column, keep)) for column in (at, *more)]


def _claim(
    j: int,
    parents: list[int],
    kinds: Sequence[int],
    services: Sequence[str],
    matched: set[int],
    limit: int = 64,
) -> None:
    """The caller and the client spans around it in its service are answered (see
    ``derive._Trace._claim``, which also stops after 64 spans)."""
    service = services[j]
    current = j
    for _ in range(limit):
        if current < 0 or kinds[current] != _CLIENT:
            return
        matched.add(current)
        parent = parents[current]
        current = parent if parent >= 0 and services[parent] == service else -1


# -- facts of attribute sets, memoised ---------------------------------------------------
# Both are pure functions of attribute values; the caches are cleared when full, so they
# hold the attribute sets that repeat (one per route and peer) and cannot grow without bound.
_CACHE_SIZE = 50_000
ClientFacts = tuple["tuple[NodeRef, EdgeKind] | None", bool, Detail]
"""(datastore node and edge kind, is a messaging span, database detail)."""
CallFacts = tuple[NodeRef, EdgeKind, Detail, "str | None"]
"""(caller of a root span, call kind, detail, route or method served)."""
_CLIENTS: dict[Items, ClientFacts] = {}
_CALLS: dict[tuple[Items, Items | None], CallFacts] = {}


def client_facts(items: Items, batch: SpanBatch) -> ClientFacts:
    """What a client span's attributes say (memoised)."""
    found = _CLIENTS.get(items)
    if found is None:
        attrs = batch.decode(items)
        store = peers.datastore(attrs)
        messaging = store is None and peers.is_messaging(attrs)
        found = (store, messaging, details.db_detail(attrs) if store is not None else ())
        if len(_CLIENTS) >= _CACHE_SIZE:
            _CLIENTS.clear()
        _CLIENTS[items] = found
    return found


def call_facts(mine: Items, theirs: Items | None, batch: SpanBatch) -> CallFacts:
    """What the general path's ``_server`` derives from a server span's attributes and its
    caller's (None: a root span, whose caller ``peer.service`` may name); memoised."""
    found = _CALLS.get((mine, theirs))
    if found is not None:
        return found
    attrs = batch.decode(mine)
    their_attrs = batch.decode(theirs) if theirs is not None else _NO_ATTRS
    source = peers.USER_NODE
    if theirs is None and (named := attrs.get("peer.service")):
        source = peers.service(str(named))
    kind = details.call_kind(attrs, their_attrs)
    detail = details.call_detail(kind, attrs, their_attrs)
    found = (source, kind, detail, detail[0][1] if detail else None)
    if len(_CALLS) >= _CACHE_SIZE:
        _CALLS.clear()
    _CALLS[(mine, theirs)] = found
    return found
