"""Protobuf files decoded ahead in a worker process must give exactly the graph of reading
them one by one: same order, same pairing across files, same diagnostics."""

from __future__ import annotations

import pickle
from pathlib import Path

from catalog_api.graph_json import to_dict
from scanner.traces import ingest_files
from scanner.traces.proto_batch import ProtoBatch
from tests.traces import trace_mix


def graph_dict(paths: list[Path], workers: int) -> dict[str, object]:
    found = to_dict(ingest_files(paths, workers=workers))
    found.pop("source"), found.pop("time")
    return found


def test_graphs_equal_when_a_worker_decodes_files_ahead(tmp_path: Path) -> None:
    # Split traces, late callers, links, shared ids; a JSON file and a broken one among them.
    paths = trace_mix.write_files(tmp_path, seed=31, files=9, per_file=50, services=7)
    (json_file,) = trace_mix.as_otlp_json(paths[4:5])
    bad = tmp_path / "bad.pb"
    bad.write_bytes(b"\x0a\xff\xff\xff\xff\x0f\x01")
    files = [*paths[:4], json_file, bad, *paths[5:]]

    in_worker = graph_dict(files, workers=1)

    assert in_worker == graph_dict(files, workers=0)
    assert len(in_worker["edges"]) > 20 and len(in_worker["diagnostics"]) == 1  # type: ignore[arg-type]


def test_batch_columns_survive_when_pickled_from_a_worker(tmp_path: Path) -> None:
    paths = trace_mix.write_files(tmp_path, seed=37, files=2, per_file=40, services=5)
    batch = ProtoBatch(paths[1].read_bytes())  # the second file has a span link
    assert batch.links

    copy = pickle.loads(pickle.dumps(batch))

    columns = ("trace_ids", "span_ids", "parent_ids", "kinds", "services", "starts", "ends")
    for name in (*columns, "errors", "items"):
        assert list(getattr(copy, name)) == list(getattr(batch, name)), name
    assert (copy.positions, copy.links) == (batch.positions, batch.links)
    assert [copy.links_of(i) for i in range(len(copy))] == [
        batch.links_of(i) for i in range(len(batch))
    ]
    assert copy.decode(batch.items[0]) == batch.decode(batch.items[0])
