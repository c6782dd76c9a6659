"""Loaded graphs and rendered maps, kept per snapshot id.

A snapshot never changes once saved, so its graph and its SVG can be reused for as long as
we like; a new scan is a new id and so a new entry. Small LRUs bound memory, and a lock keeps
the worker threads FastAPI runs sync routes in from racing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from catalog_api.graph import ServiceGraph
from catalog_api.usecases import CatalogView

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class Lru(Generic[_K, _V]):
    """A thread-safe least-recently-used map of at most ``size`` entries."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[_K, _V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: _K, make: Callable[[], _V]) -> _V:
        """The cached value for ``key``, made (outside the lock) when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


ViewKey = tuple[int | None, int | None]  # (static snapshot id, observed snapshot id)


class SnapshotCache:
    """Per-snapshot caches: loaded graphs, merged catalog views (keyed by the snapshots they
    merge) and rendered SVG maps (keyed by the view's header and their filter)."""

    def __init__(self) -> None:
        self.graphs: Lru[int, ServiceGraph | None] = Lru(8)
        self.views: Lru[ViewKey, CatalogView] = Lru(4)
        self.maps: Lru[tuple[str, tuple[str, ...]], bytes] = Lru(32)
