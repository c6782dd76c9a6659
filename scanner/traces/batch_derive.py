"""The fast path of :mod:`scanner.traces.derive`: calls of the plain traces of one batch
(a protobuf or OTLP/JSON file), straight from its columns, without a span record per span.

A trace is plain when its spans are all CLIENT or SERVER spans with ids of their own, every
server span's parent is in the batch, no client span is a messaging call, and every client
span is answered by a server span, is a database call or wraps another client span of its
service. For those, the general deriver's rules reduce to a few lookups by position: a
server's caller is its parent (skipped when that is a server of its own service: double
instrumentation), a caller answered once lends the call its time and error, a database
client span is a call to its datastore. Every other trace is returned as ``odd`` and goes
through the general deriver; the tests feed the same files through both paths and compare
the graphs.

Calls are returned tagged with ``(trace rank << 32) | position``, so sorting them gives the
order the general path records in (trace by trace, in order of first appearance, spans in
order within a trace): which trace ids an edge keeps as examples depends on that order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress, repeat
from operator import add, eq, itemgetter

from catalog_api.model import EdgeKind
from scanner.traces import details, peers
from scanner.traces.details import Detail
from scanner.traces.peers import NodeRef
from scanner.traces.span import AttrValue
from scanner.traces.span_batch import Items, SpanBatch

_SERVER = 2
_CLIENT = 3
_NO_ATTRS: Mapping[str, AttrValue] = {}
_ORDER = itemgetter(0)

Call = tuple[int, NodeRef, NodeRef, EdgeKind, str, int, int, bool, Detail, "str | None"]
"""(order key, source, target, kind, trace id, start ns, duration ns, error, detail, served)."""


def derive_batch(
    batch: SpanBatch, ranks: Mapping[bytes, int], hexes: Mapping[bytes, str], odd: set[bytes]
) -> list[Call]:
    """The calls of the batch's plain traces, in recording order. ``odd`` comes in holding
    the traces the caller already knows need the general path and leaves holding all of
    them; no call of an odd trace is returned."""
    positions = batch.positions
    assert positions is not None, "a batch with shared span ids takes the general path"
    kinds = batch.kinds
    # Each span's parent's position (None: a root, or a parent not in the batch), in C.
    parents = list(map(positions.get, map(add, batch.trace_ids, batch.parent_ids)))
    servers = list(compress(range(len(kinds)), map(eq, kinds, repeat(_SERVER))))
    clients = list(compress(range(len(kinds)), map(eq, kinds, repeat(_CLIENT))))
    if len(servers) + len(clients) < len(kinds):  # local, producer or consumer spans
        odd.update(t for t, k in zip(batch.trace_ids, kinds, strict=True) if k not in (2, 3))
    pairs, answers, matched = _pair_servers(batch, parents, servers, odd)
    stores = _sort_clients(batch, parents, clients, matched, odd)
    refs = {name: peers.service(name) for name in set(batch.services)}
    calls = _server_calls(batch, refs, pairs, answers, ranks, hexes, odd)
    calls += _store_calls(batch, refs, stores, ranks, hexes, odd)
    calls.sort(key=_ORDER)
    return calls


def _pair_servers(
    batch: SpanBatch, parents: list[int | None], servers: list[int], odd: set[bytes]
) -> tuple[list[tuple[int, int]], dict[int, int], set[int]]:
    """(server, caller or -1 for a root) pairs, how many servers answer each client, and
    the clients answered (``derive._Trace.caller`` and ``_claim``, by position)."""
    trace_ids, parent_ids, kinds, services = (
        batch.trace_ids,
        batch.parent_ids,
        batch.kinds,
        batch.services,
    )
    pairs: list[tuple[int, int]] = []
    answers: dict[int, int] = {}
    matched: set[int] = set()
    for i in servers:
        j = parents[i]
        if j is None:
            if parent_ids[i]:
                odd.add(trace_ids[i])  # the caller may be remembered, or still to come
            else:
                pairs.append((i, -1))
        elif kinds[j] == _CLIENT:
            answers[j] = answers.get(j, 0) + 1
            pairs.append((i, j))
            matched.add(j)  # and the client spans of its service around it (_claim)
            q = parents[j]
            if q is not None and kinds[q] == _CLIENT and services[q] == services[j]:
                _claim(q, parents, kinds, services, matched, limit=63)
        elif kinds[j] != _SERVER:
            odd.add(trace_ids[i])
        elif services[j] != services[i]:
            pairs.append((i, j))
        # else: a server span inside a server span of its service adds no call
    return pairs, answers, matched


def _sort_clients(
    batch: SpanBatch,
    parents: list[int | None],
    clients: list[int],
    matched: set[int],
    odd: set[bytes],
) -> list[tuple[int, ClientFacts]]:
    """The database calls among the client spans; a trace with a messaging client span, or
    one no server answered and that wraps no client span of its service, is odd."""
    kinds, services, items = batch.kinds, batch.services, batch.items
    stores: list[tuple[int, ClientFacts]] = []
    wrappers: set[int] = set()  # client spans with a client span of their service inside
    unanswered: list[int] = []
    known = _CLIENTS.get
    for i in clients:
        j = parents[i]
        if j is not None and kinds[j] == _CLIENT and services[j] == services[i]:
            wrappers.add(j)
        attrs = items[i]
        facts = (known(attrs) or _client_facts(attrs, batch)) if attrs else _NO_FACTS
        if facts[0] is not None:
            stores.append((i, facts))
        elif facts[1]:
            odd.add(batch.trace_ids[i])  # messaging: queues are the general path's business
        elif i not in matched:
            unanswered.append(i)
    for i in unanswered:
        if i not in wrappers:
            odd.add(batch.trace_ids[i])  # it waits for its server, or names its own peer
    return stores


def _claim(
    j: int,
    parents: list[int | None],
    kinds: Sequence[int],
    services: Sequence[str],
    matched: set[int],
    limit: int = 64,
) -> None:
    """The caller and the client spans around it in its service are answered (see
    ``derive._Trace._claim``, which also stops after 64 spans)."""
    service = services[j]
    current: int | None = j
    for _ in range(limit):
        if current is None or kinds[current] != _CLIENT:
            return
        matched.add(current)
        parent = parents[current]
        current = parent if parent is not None and services[parent] == service else None


def _server_calls(
    batch: SpanBatch,
    refs: Mapping[str, NodeRef],
    pairs: list[tuple[int, int]],
    answers: dict[int, int],
    ranks: Mapping[bytes, int],
    hexes: Mapping[bytes, str],
    odd: set[bytes],
) -> list[Call]:
    trace_ids, services, errors, items = batch.trace_ids, batch.services, batch.errors, batch.items
    starts, ends = batch.starts, batch.ends
    if odd:
        pairs = [pair for pair in pairs if trace_ids[pair[0]] not in odd]
    once = {j for j, n in answers.items() if n == 1}  # callers that lend a call their time
    traces = {t: (ranks[t] << 32, h) for t, h in hexes.items()}
    get = _CALLS.get
    calls: list[Call] = []
    append = calls.append
    for i, j in pairs:  # once per call of an ingest: every step counts
        order, trace_hex = traces[trace_ids[i]]
        mine = items[i]
        if j < 0:
            facts = get((mine, None)) or _call_facts(mine, None, batch)
            source = facts[0]
            timed = i
        else:
            theirs = items[j]
            facts = get((mine, theirs)) or _call_facts(mine, theirs, batch)
            source = refs[services[j]]
            timed = j if j in once else i
        start = starts[timed]
        duration = ends[timed] - start
        append(
            (
                order | i,
                source,
                refs[services[i]],
                facts[1],
                trace_hex,
                start,
                duration if duration > 0 else 0,
                errors[i] or errors[timed],
                facts[2],
                facts[3],
            )
        )
    return calls


def _store_calls(
    batch: SpanBatch,
    refs: Mapping[str, NodeRef],
    stores: list[tuple[int, ClientFacts]],
    ranks: Mapping[bytes, int],
    hexes: Mapping[bytes, str],
    odd: set[bytes],
) -> list[Call]:
    calls: list[Call] = []
    for i, (store, _, detail) in stores:
        trace_id = batch.trace_ids[i]
        if trace_id in odd or store is None:
            continue
        start = batch.starts[i]
        calls.append(
            (
                ranks[trace_id] << 32 | i,
                refs[batch.services[i]],
                store[0],
                store[1],
                hexes[trace_id],
                start,
                max(batch.ends[i] - start, 0),
                batch.errors[i],
                detail,
                None,
            )
        )
    return calls


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
_NO_FACTS: ClientFacts = (None, False, ())


def _client_facts(items: Items, batch: SpanBatch) -> ClientFacts:
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


def _call_facts(mine: Items, theirs: Items | None, batch: SpanBatch) -> CallFacts:
    """What the general path's ``_server`` derives from a server span's attributes and its
    caller's (None: a root span, whose caller ``peer.service`` may name)."""
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
