"""What a scan looks at: tests, examples, virtual environments and the user's excludes stay
out of the map; special files are never opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from scanner import scan_repository

CALLS_STRIPE = 'import requests\n\nrequests.post("https://api.stripe.com/v1/charges")\n'
CALLS_GITHUB = 'import requests\n\nrequests.get("https://api.github.com/user")\n'
TEST_COMPOSE = "services:\n  test-db:\n    image: postgres:16\n"


def _repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in {"svc/pyproject.toml": "", "svc/app.py": CALLS_STRIPE, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _nodes(graph: ServiceGraph) -> set[str]:
    return {node.id for node in graph.nodes()}


def test_example_code_is_left_out_with_a_note_when_the_repository_has_a_system(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, {"examples/demo/client.py": CALLS_GITHUB})
    graph = scan_repository(root)
    assert "external:api.stripe.com" in _nodes(graph)
    assert "external:api.github.com" not in _nodes(graph)
    notes = [d for d in graph.diagnostics if d.code == "examples-skipped"]
    assert [d.path for d in notes] == ["examples"]


def test_example_code_is_scanned_when_asked_to(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"examples/demo/client.py": CALLS_GITHUB})
    graph = scan_repository(root, include_examples=True)
    assert "external:api.github.com" in _nodes(graph)
    assert not [d for d in graph.diagnostics if d.code == "examples-skipped"]


def test_example_code_is_scanned_when_it_is_all_the_repository_holds(tmp_path: Path) -> None:
    for rel, text in {
        "examples/svc/app.py": CALLS_GITHUB,
        "examples/svc/pyproject.toml": "",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert "external:api.github.com" in _nodes(scan_repository(tmp_path))


def test_compose_file_of_a_test_suite_is_not_read_when_it_lives_under_tests(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, {"tests/docker-compose.yml": TEST_COMPOSE})
    assert not any("test-db" in node for node in _nodes(scan_repository(root)))
    moved = _repo(tmp_path / "other", {"docker-compose.yml": TEST_COMPOSE})
    assert "datastore:test-db" in _nodes(scan_repository(moved))


def test_virtual_environment_is_left_out_when_it_has_an_unusual_name(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "py311env/pyvenv.cfg": "home = /usr/bin\n",
            "py311env/lib/python3.11/site/stripe_like/api.py": CALLS_GITHUB,
        },
    )
    assert "external:api.github.com" not in _nodes(scan_repository(root))


@pytest.mark.parametrize(
    "pattern", ["legacy", "svc/legacy", "svc/legacy/*", "*_old.py", "svc/legacy/"]
)
def test_matching_paths_are_left_out_when_excluded(tmp_path: Path, pattern: str) -> None:
    root = _repo(
        tmp_path,
        {"svc/legacy/client_old.py": CALLS_GITHUB},
    )
    assert "external:api.github.com" in _nodes(scan_repository(root))
    graph = scan_repository(root, exclude=[pattern])
    assert "external:api.github.com" not in _nodes(graph)
    assert "external:api.stripe.com" in _nodes(graph)


def test_name_pattern_does_not_exclude_a_longer_name_when_it_has_no_wildcard(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, {"svc/legacy_client/api.py": CALLS_GITHUB})
    assert "external:api.github.com" in _nodes(scan_repository(root, exclude=["legacy"]))


def test_fifo_is_never_opened_when_the_repository_holds_one(tmp_path: Path) -> None:
    root = _repo(tmp_path, {})
    os.mkfifo(root / "svc" / "pipe.py")  # reading it would block the scan forever
    assert "external:api.stripe.com" in _nodes(scan_repository(root))
