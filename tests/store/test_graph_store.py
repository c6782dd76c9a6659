"""The GraphStore contract, run against every backend in backends.BACKENDS."""

from __future__ import annotations

import threading

import pytest

from catalog_api import graph_json
from catalog_api.graph import ServiceGraph
from catalog_api.model import Node, NodeKind, ScanInfo
from catalog_api.ports import GraphStore, SnapshotKind
from tests.store.backends import Backend
from tests.store.graphs import observed_graph, shop_graph


def _same(a: ServiceGraph | None, b: ServiceGraph) -> bool:
    return a is not None and graph_json.dumps(a) == graph_json.dumps(b)


def test_load_returns_every_field_when_graph_was_saved(store: GraphStore) -> None:
    graph = shop_graph()
    ref = store.save(graph)
    loaded = store.load(ref.id)
    assert loaded is not None
    assert graph_json.dumps(loaded) == graph_json.dumps(graph)
    assert loaded.info == graph.info


def test_save_returns_ref_with_info_and_counts_when_graph_saved(store: GraphStore) -> None:
    ref = store.save(shop_graph())
    assert ref.info == ScanInfo("/repos/shop", "3f2a9c1", "2026-11-28T19:00:00Z", "0.1.0")
    assert (ref.nodes, ref.edges) == (5, 4)


def test_latest_returns_newest_when_several_saved(store: GraphStore) -> None:
    store.save(shop_graph(commit="aaa"))
    newest = shop_graph(commit="bbb")
    newest.add_node(Node(NodeKind.SERVICE, "shipping"))
    store.save(newest)
    assert _same(store.latest(), newest)


def test_ref_is_static_when_saved_without_a_kind(store: GraphStore) -> None:
    ref = store.save(shop_graph())
    assert ref.kind == SnapshotKind.STATIC
    assert store.snapshots() == [ref]


def test_ref_keeps_the_kind_when_saved_as_observed(store: GraphStore) -> None:
    ref = store.save(observed_graph(), SnapshotKind.OBSERVED)
    assert ref.kind == SnapshotKind.OBSERVED
    assert store.snapshots() == [ref]
    assert _same(store.load(ref.id), observed_graph())


def test_latest_of_a_kind_skips_newer_snapshots_of_the_other_kind(store: GraphStore) -> None:
    store.save(shop_graph(commit="aaa"))
    store.save(observed_graph("first.json"), SnapshotKind.OBSERVED)
    scanned = shop_graph(commit="bbb")
    store.save(scanned)
    traced = observed_graph("second.json")
    store.save(traced, SnapshotKind.OBSERVED)
    store.save(shop_graph(commit="ccc"))
    assert _same(store.latest(SnapshotKind.OBSERVED), traced)
    assert _same(store.latest(SnapshotKind.STATIC), shop_graph(commit="ccc"))
    assert _same(store.latest(), shop_graph(commit="ccc"))


def test_latest_of_a_kind_is_none_when_only_the_other_kind_is_stored(store: GraphStore) -> None:
    store.save(shop_graph())
    assert store.latest(SnapshotKind.OBSERVED) is None
    assert store.latest(SnapshotKind.STATIC) is not None


def test_latest_is_none_when_store_is_empty(store: GraphStore) -> None:
    assert store.latest() is None
    assert store.snapshots() == []


def test_load_returns_none_when_snapshot_is_unknown(store: GraphStore) -> None:
    ref = store.save(shop_graph())
    assert store.load(ref.id + 1) is None


def test_snapshots_lists_oldest_first_when_several_saved(store: GraphStore) -> None:
    first = store.save(shop_graph(commit="aaa"))
    second = store.save(ServiceGraph(ScanInfo(source="/repos/empty")))
    assert store.snapshots() == [first, second]
    assert second.id > first.id
    assert (second.nodes, second.edges) == (0, 0)


def test_empty_graph_round_trips_when_it_has_no_info(store: GraphStore) -> None:
    ref = store.save(ServiceGraph())
    loaded = store.load(ref.id)
    assert loaded is not None
    assert len(loaded) == 0 and loaded.edges() == [] and loaded.diagnostics == []
    assert ref.info.source == ""


def test_earlier_snapshots_stay_intact_when_a_save_fails_midway(backend: Backend) -> None:
    store = backend.open()
    kept = store.save(shop_graph(commit="aaa"))
    backend.break_edge_writes()  # nodes of the next save are written, then its edges fail
    with pytest.raises(Exception, match="disk on fire"):
        store.save(shop_graph(commit="bbb"))
    reopened = backend.open()
    assert reopened.snapshots() == [kept]
    assert _same(reopened.latest(), shop_graph(commit="aaa"))
    assert reopened.load(kept.id + 1) is None


def test_snapshots_survive_when_store_is_reopened(backend: Backend) -> None:
    ref = backend.open().save(shop_graph())
    again = backend.open()
    assert again.snapshots() == [ref]
    assert _same(again.load(ref.id), shop_graph())


def test_every_save_lands_when_two_stores_save_concurrently(backend: Backend) -> None:
    stores = [backend.open(), backend.open()]
    errors: list[BaseException] = []

    def save_five(store: GraphStore) -> None:
        try:
            for _ in range(5):
                store.save(shop_graph())
        except BaseException as exc:  # collected: a thread's exception would vanish
            errors.append(exc)

    threads = [threading.Thread(target=save_five, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({ref.id for ref in backend.open().snapshots()}) == 10
