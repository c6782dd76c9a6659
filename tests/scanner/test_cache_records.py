"""The per-file record's encoding: what a scan stores comes back equal, and bytes this scanner
did not write (another format, tampered types) are refused, never half-trusted."""

from __future__ import annotations

import gc
from pathlib import Path

import orjson
import pytest

from catalog_api.model import Diagnostic, Severity
from scanner.detectors import REGISTRY
from scanner.engine import scan_files, scan_python
from scanner.evaluate import Evaluator
from scanner.facts import FactsError, FileFacts, decode, encode
from scanner.findings import DatastoreUse, HttpCall, Messaging
from scanner.modules import ModuleLoader
from scanner.values import Choice, EnvRef, Join, Unknown, Value
from scanner.walk import walk

REPOS = Path(__file__).parent / "repos"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_system"

URL = Value(
    (
        Join(Value((EnvRef("BASE", Value.of("http://a:1")),)), Value.of("/x"), "append"),
        Choice((Value.of("/a"), Value((Unknown("a call"),)))),
    )
)
FACTS = FileFacts(
    "svc/app.py",
    "d" * 64,
    (
        HttpCall("svc/app.py", 3, "httpx", "GET", URL, ("svc/clients.py", 7)),
        DatastoreUse("svc/app.py", 4, "redis", "redis", Value.of("redis:6379"), "cache"),
        Messaging("svc/app.py", 5, "celery", "publish", Value.of("q"), "celery", queues=("q",)),
    ),
    (Diagnostic("svc/app.py", None, Severity.WARNING, "unresolved-url", "why"),),
    (("svc/settings.py", "e" * 64), ("gone.py", None), ("?search:svc/\x002000\x00x", "a b")),
    "f" * 64,
    ((1, "os"), (2, "svc.clients")),
    parsed=True,
)


def test_record_is_equal_when_decoded_from_its_encoding() -> None:
    assert decode(encode(FACTS)) == FACTS


@pytest.mark.parametrize("root", [REPOS / "shop", SAMPLE], ids=["shop", "sample"])
def test_scanned_records_are_equal_when_decoded(root: Path) -> None:
    paths = walk(root).paths
    python = [p for p in paths if p.endswith(".py")]
    loader = ModuleLoader(root, paths)
    records = scan_files(loader, Evaluator(loader), python, REGISTRY)
    assert any(r.findings for r in records)
    for record in records:
        assert decode(encode(record)) == record


def _tampered(change: object) -> bytes:
    raw = orjson.loads(encode(FACTS))
    change(raw)  # type: ignore[operator]
    return orjson.dumps(raw)


def _set_url(raw: list[object], value: object) -> None:
    raw[3][0]["HttpCall"][4] = value  # type: ignore[index]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b'{"format":2,"path":"a.py"}',  # the previous format
        orjson.dumps([2, *orjson.loads(encode(FACTS))[1:]]),
        _tampered(lambda raw: raw.pop()),
        _tampered(lambda raw: _set_url(raw, "http://not-a-value")),
        _tampered(lambda raw: raw[3][0]["HttpCall"].pop()),  # a field short
        _tampered(lambda raw: raw[3].append({"Popen": ["a.py", 1]})),  # not a record type
        _tampered(lambda raw: raw[3].append({"HttpCall": [], "Value": []})),
        _tampered(lambda raw: raw[4][0]["Diagnostic"].__setitem__(2, "fatal")),
        _tampered(lambda raw: raw[3].append("a.py")),  # not a finding
        _tampered(lambda raw: raw[5].append(["a.py", 1])),
        _tampered(lambda raw: raw[7].append(["1", "os"])),
        _tampered(lambda raw: raw.__setitem__(8, "yes")),
        _tampered(lambda raw: raw.__setitem__(6, 3)),
    ],
)
def test_foreign_or_tampered_bytes_are_refused_when_decoding(data: bytes) -> None:
    with pytest.raises(FactsError):
        decode(data)


def test_collector_is_running_again_when_a_scan_returns(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import requests\nrequests.get('http://x')\n")
    assert gc.isenabled()
    scan_python(tmp_path, ["a.py"], ["a.py"])
    assert gc.isenabled()


def test_objects_the_application_froze_stay_frozen_when_a_scan_returns(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import requests\nrequests.get('http://x')\n")
    gc.freeze()  # as a pre-fork server does
    try:
        frozen = gc.get_freeze_count()
        scan_python(tmp_path, ["a.py"], ["a.py"])
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
