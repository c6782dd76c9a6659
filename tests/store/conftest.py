"""Store fixtures: ``backend`` is parametrised over every adapter in backends.BACKENDS, so
the shared suite in test_graph_store.py runs against each."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.ports import GraphStore
from tests.store.backends import BACKENDS, Backend


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    return BACKENDS[request.param](tmp_path)


@pytest.fixture
def store(backend: Backend) -> GraphStore:
    return backend.open()
