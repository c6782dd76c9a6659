"""The scan goes on whatever the repository holds: bad files become diagnostics."""

from __future__ import annotations

import os
from pathlib import Path

from catalog_api.graph import ServiceGraph
from scanner import scan_repository
from scanner.walk import MAX_FILE_BYTES

GOOD = 'import requests\n\nrequests.get("https://api.example.com/v1/ping")\n'


def _repo(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    for rel, content in {"svc/pyproject.toml": "", "svc/good.py": GOOD, **files}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return tmp_path


def _codes(graph: ServiceGraph) -> dict[str, str]:
    return {d.path: d.code for d in graph.diagnostics}


def _still_scanned(graph: ServiceGraph) -> bool:
    return graph.node("external:api.example.com") is not None


def test_syntax_error_becomes_a_diagnostic_when_a_file_does_not_parse(tmp_path: Path) -> None:
    graph = scan_repository(_repo(tmp_path, {"svc/broken.py": "import requests\ndef f(:\n"}))
    assert _codes(graph)["svc/broken.py"] == "syntax-error"
    assert _still_scanned(graph)


def test_python2_is_named_when_a_file_uses_the_print_statement(tmp_path: Path) -> None:
    graph = scan_repository(_repo(tmp_path, {"svc/old.py": 'import requests\nprint "hello"\n'}))
    [diagnostic] = [d for d in graph.diagnostics if d.path == "svc/old.py"]
    assert diagnostic.code == "syntax-error"
    assert "Python 2" in diagnostic.message
    assert _still_scanned(graph)


def test_binary_file_becomes_a_diagnostic_when_a_py_file_holds_nul_bytes(tmp_path: Path) -> None:
    graph = scan_repository(_repo(tmp_path, {"svc/blob.py": b"requests\x00\x01\x02"}))
    assert _codes(graph)["svc/blob.py"] == "binary-file"
    assert _still_scanned(graph)


def test_non_utf8_file_becomes_a_diagnostic_when_it_is_latin1(tmp_path: Path) -> None:
    graph = scan_repository(
        _repo(tmp_path, {"svc/latin.py": "x = 'café requests'\n".encode("latin-1")})
    )
    assert _codes(graph)["svc/latin.py"] == "not-utf8"
    assert _still_scanned(graph)


def test_huge_file_is_skipped_with_a_diagnostic_when_over_the_size_limit(tmp_path: Path) -> None:
    huge = "# requests\n" * (MAX_FILE_BYTES // 10)
    graph = scan_repository(_repo(tmp_path, {"svc/huge.py": huge}))
    assert _codes(graph)["svc/huge.py"] == "file-too-large"
    assert _still_scanned(graph)


def test_symlink_loop_is_not_followed_when_a_directory_links_to_its_parent(tmp_path: Path) -> None:
    root = _repo(tmp_path, {})
    (root / "svc" / "loop").symlink_to(root / "svc")
    graph = scan_repository(root)
    assert _codes(graph)["svc/loop"] == "symlink-skipped"
    assert _still_scanned(graph)


def test_broken_yaml_becomes_a_diagnostic_when_compose_does_not_parse(tmp_path: Path) -> None:
    compose = "services:\n  web:\n    build: ./svc\n   image: [unclosed\n"
    graph = scan_repository(_repo(tmp_path, {"docker-compose.yml": compose}))
    [diagnostic] = [d for d in graph.diagnostics if d.path == "docker-compose.yml"]
    assert diagnostic.code == "invalid-yaml"
    assert diagnostic.line is not None
    assert _still_scanned(graph)


def test_vendored_directories_are_skipped_when_they_hold_python(tmp_path: Path) -> None:
    vendored = 'import requests\nrequests.get("https://vendored.example.com/")\n'
    root = _repo(tmp_path, {"svc/node_modules/x.py": vendored, "svc/.venv/lib/y.py": vendored})
    graph = scan_repository(root)
    assert graph.node("external:vendored.example.com") is None
    assert _still_scanned(graph)


def test_scanned_code_is_never_executed_when_it_has_side_effects(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    code = f'import requests\nopen({str(marker)!r}, "w").write("x")\nrequests.get("https://api.example.com/")\n'
    scan_repository(_repo(tmp_path, {"svc/effects.py": code}))
    assert not marker.exists()


def test_self_referencing_yaml_becomes_a_diagnostic_when_an_alias_loops(tmp_path: Path) -> None:
    graph = scan_repository(_repo(tmp_path, {"k8s/loop.yaml": "a: &x\n  b: *x\n"}))
    assert _codes(graph)["k8s/loop.yaml"] == "invalid-yaml"
    assert _still_scanned(graph)


def test_compose_extends_never_opens_a_file_outside_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "secrets.yml"
    outside.write_text("services:\n  base:\n    environment:\n      TOKEN: s3cret-outside\n")
    compose = (
        "services:\n"
        "  web:\n    build: ./svc\n    extends: {file: ../secrets.yml, service: base}\n"
        f"  api:\n    build: ./svc\n    extends: {{file: {outside}, service: base}}\n"
    )
    root = _repo(tmp_path / "repo", {"docker-compose.yml": compose})
    graph = scan_repository(root)
    assert "s3cret-outside" not in repr(graph.nodes())
    codes = [d.code for d in graph.diagnostics if d.code == "extends-outside"]
    assert len(codes) == 2
    assert _still_scanned(graph)


def test_file_name_that_is_not_utf8_is_a_diagnostic_when_the_os_allows_one(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, {})
    Path(os.fsdecode(os.fsencode(root / "svc") + b"/bad\xff.py")).write_bytes(b"import os\n")
    graph = scan_repository(root)
    assert _codes(graph)["svc/bad\ufffd.py"] == "undecodable-name"
    assert _still_scanned(graph)
