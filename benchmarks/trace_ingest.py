"""Trace ingestion benchmark: spans per second and peak memory, from files and over HTTP.

Generates OTLP data (``--spans`` spans over ``--services`` services, one export request of
about ``--batch`` spans per file, as binary protobuf and as OTLP/JSON with hex ids, the way
the spec and the SDK exporters write it), cached under the temp dir so reruns skip it. Then
each phase runs in a fresh subprocess, so each peak RSS is its own:

- ``baseline``: a bare loop that only decodes the protobuf files and pairs client with server
  spans into counts (the yardstick the issue sets: file ingestion within 2.5x of it);
- ``protobuf`` / ``json``: ``scanner.traces.ingest_files`` over the files in one process
  (``workers=0``);
- ``protobuf, 1 worker``: the same with one worker process decoding files ahead while the
  main process aggregates (``workers=1``; the CLI does that when a CPU is idle and the C
  reader is not built, see ``scanner.traces.file_reads``);
- ``protobuf 1/4``: the same over the first quarter of the files, to show peak memory does
  not grow with the number of spans;
- ``http``: every protobuf file POSTed, one after another, to the OTLP receiver of
  ``create_app`` served by uvicorn on 127.0.0.1 (saving snapshots to SQLite as it goes).

Times are wall clock and CPU time of the phase's process and of the worker processes it
ran (``RUSAGE_CHILDREN``); peak RSS is the largest of those processes'. On a machine shared
with other work the CPU figures are the steadier ones; with workers, wall time is what a
user waits and CPU time what the machine spends, and the two ratios differ. Every phase
runs ``--repeats`` times, the phases taking turns, and the run with the least CPU time
counts (for the baseline too, so the ratio is not flattered by a slow baseline run).
``--write`` puts the table into BENCHMARKS.md (its own section; other sections are kept).

Run: ``python benchmarks/trace_ingest.py --spans 1000000 --write``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

HOPS = 4  # server -> (client -> server) x HOPS -> db client: 2 + 2*HOPS spans a trace
T0 = 1_764_000_000_000_000_000
ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Trace ingestion"
PHASES = ("baseline", "protobuf", "protobuf, 1 worker", "json", "protobuf 1/4", "http")

# (service, span id, parent id, kind, start, end, error, attributes)
SpanRow = tuple[int, bytes, bytes, int, int, int, bool, dict[str, str]]


# -- data ----------------------------------------------------------------------------------
def dataset(spans: int, services: int, batch: int) -> Path:
    """The generated files, made once per parameter set and kept in the temp dir."""
    folder = Path(tempfile.gettempdir()) / f"servicemap-bench-v2-{spans}-{services}-{batch}"
    if not (folder / "complete").exists():
        folder.mkdir(exist_ok=True)
        started = time.perf_counter()
        generate(folder, spans, services, batch)
        (folder / "complete").write_text(f"{time.perf_counter() - started:.0f} s\n")
    return folder


def generate(folder: Path, spans: int, services: int, batch: int) -> None:
    rng = random.Random(1)
    n = next_id = file_no = 0
    while n < spans:
        traces: list[tuple[bytes, list[SpanRow]]] = []
        size = 0
        while size < batch:
            trace_id = rng.getrandbits(128).to_bytes(16, "big")
            rows, next_id = _trace(rng, services, next_id)
            traces.append((trace_id, rows))
            size += len(rows)
        (folder / f"{file_no:05d}.pb").write_bytes(_protobuf(traces))
        (folder / f"{file_no:05d}.json").write_text(json.dumps(_otlp_json(traces)))
        n += size
        file_no += 1


def _trace(rng: random.Random, services: int, next_id: int) -> tuple[list[SpanRow], int]:
    rows: list[SpanRow] = []
    start = T0 + next_id * 1000

    def add(service: int, kind: int, parent: bytes, ms: int, attrs: dict[str, str]) -> bytes:
        nonlocal next_id
        next_id += 1
        span_id = next_id.to_bytes(8, "big")
        error = rng.random() < 0.02
        rows.append((service, span_id, parent, kind, start, start + ms * 10**6, error, attrs))
        return span_id

    service = rng.randrange(services)
    parent = add(service, Span.SPAN_KIND_SERVER, b"", 50, {"http.route": "/x"})
    for _ in range(HOPS):
        callee = (service * 7 + rng.randrange(3) + 1) % services
        ms = rng.randrange(1, 40)
        client = add(
            service, Span.SPAN_KIND_CLIENT, parent, ms, {"server.address": f"svc-{callee}"}
        )
        parent = add(callee, Span.SPAN_KIND_SERVER, client, 5, {"http.route": "/items/{id}"})
        service = callee
    db = {"db.system": "postgresql", "server.address": f"db-{service % 20}"}
    add(service, Span.SPAN_KIND_CLIENT, parent, 2, db)
    return rows, next_id


def _by_service(
    traces: list[tuple[bytes, list[SpanRow]]],
) -> dict[int, list[tuple[bytes, SpanRow]]]:
    """Spans grouped by service, as an SDK's exporter sends them (one resource each)."""
    out: dict[int, list[tuple[bytes, SpanRow]]] = {}
    for trace_id, rows in traces:
        for row in rows:
            out.setdefault(row[0], []).append((trace_id, row))
    return out


def _protobuf(traces: list[tuple[bytes, list[SpanRow]]]) -> bytes:
    request = ExportTraceServiceRequest()
    for service, spans in _by_service(traces).items():
        rs = request.resource_spans.add()
        kv = rs.resource.attributes.add()
        kv.key, kv.value.string_value = "service.name", f"svc-{service}"
        scope = rs.scope_spans.add()
        for trace_id, (_, span_id, parent, kind, start, end, error, attrs) in spans:
            span = scope.spans.add(
                trace_id=trace_id,
                span_id=span_id,
                parent_span_id=parent,
                kind=kind,  # type: ignore[arg-type]
                name="op",
                start_time_unix_nano=start,
                end_time_unix_nano=end,
            )
            for key, value in attrs.items():
                attribute = span.attributes.add()
                attribute.key, attribute.value.string_value = key, value
            if error:
                span.status.code = 2  # type: ignore[assignment]
    return request.SerializeToString()


def _otlp_json(traces: list[tuple[bytes, list[SpanRow]]]) -> dict[str, object]:
    """OTLP/JSON as the spec writes it: hex ids, 64-bit integers as strings, enums as
    numbers, lowerCamelCase keys."""
    resource_spans = []
    for service, spans in _by_service(traces).items():
        out_spans = []
        for trace_id, (_, span_id, parent, kind, start, end, error, attrs) in spans:
            span: dict[str, object] = {
                "traceId": trace_id.hex(),
                "spanId": span_id.hex(),
                "parentSpanId": parent.hex(),
                "name": "op",
                "kind": kind,
                "startTimeUnixNano": str(start),
                "endTimeUnixNano": str(end),
                "attributes": [{"key": k, "value": {"stringValue": v}} for k, v in attrs.items()],
                "status": {"code": 2} if error else {},
            }
            out_spans.append(span)
        name = {"key": "service.name", "value": {"stringValue": f"svc-{service}"}}
        resource_spans.append(
            {"resource": {"attributes": [name]}, "scopeSpans": [{"scope": {}, "spans": out_spans}]}
        )
    return {"resourceSpans": resource_spans}


# -- phases ----------------------------------------------------------------------------------
def baseline(files: list[Path]) -> int:
    """Decode and pair client with server spans into counts: nothing more."""
    clients: dict[tuple[bytes, bytes], str] = {}
    pending: list[tuple[bytes, bytes, str]] = []
    counts: dict[tuple[str, str], int] = {}
    n = 0
    for path in files:
        request = ExportTraceServiceRequest.FromString(path.read_bytes())
        for rs in request.resource_spans:
            service = rs.resource.attributes[0].value.string_value
            for ss in rs.scope_spans:
                for span in ss.spans:
                    n += 1
                    if span.kind == Span.SPAN_KIND_CLIENT:
                        clients[(span.trace_id, span.span_id)] = service
                    elif span.kind == Span.SPAN_KIND_SERVER:
                        pending.append((span.trace_id, span.parent_span_id, service))
        for trace_id, parent, service in pending:
            caller = clients.pop((trace_id, parent), None)
            if caller is not None:
                counts[(caller, service)] = counts.get((caller, service), 0) + 1
        pending.clear()
    return n


def run_phase(phase: str, folder: Path) -> tuple[int, float, float]:
    """(spans, wall seconds, CPU seconds) of one phase; imports and server start-up are
    done before the clock starts."""
    files = sorted(folder.glob("*.json" if phase == "json" else "*.pb"))
    if phase == "protobuf 1/4":
        files = files[: max(len(files) // 4, 1)]
    if phase == "baseline":
        wall, cpu = time.perf_counter(), time.process_time()
        spans = baseline(files)
        return spans, time.perf_counter() - wall, time.process_time() - cpu
    if phase == "http":
        return _post_all(files)
    sys.path.insert(0, str(ROOT))
    from scanner.traces import TraceAggregator, ingest_files

    aggregator = TraceAggregator()
    workers = 1 if phase == "protobuf, 1 worker" else 0
    wall, cpu = time.perf_counter(), _cpu()
    graph = ingest_files(files, aggregator=aggregator, workers=workers)
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    assert graph.edges(), "no edges derived"
    return aggregator.spans_seen, wall, cpu


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _post_all(files: list[Path]) -> tuple[int, float, float]:
    """POST every file to a real server, one request at a time (a bounded loop), and wait
    for the receiver's last snapshot save."""
    import httpx
    import uvicorn

    sys.path.insert(0, str(ROOT))
    from catalog_api.api import create_app
    from catalog_api.api.otlp_receiver import TraceReceiver
    from catalog_api.store import SqliteGraphStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteGraphStore(Path(tmp) / "bench.db")
        app = create_app(store)
        receiver = app.state.trace_receiver = TraceReceiver(store)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1/traces"
        headers = {"Content-Type": "application/x-protobuf"}
        try:
            with httpx.Client(timeout=120) as client:
                client.post(url, content=b"", headers=headers)  # warm up: loads the decoders
                wall, cpu = time.perf_counter(), time.process_time()
                for path in files:
                    client.post(url, content=path.read_bytes(), headers=headers).raise_for_status()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            server.should_exit = True
            thread.join(timeout=30)
        return receiver.aggregator.spans_seen, wall, cpu


def measure(phase: str, folder: Path) -> dict[str, float]:
    """One run of a phase in a fresh interpreter: spans, wall and CPU seconds, peak RSS."""
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--data", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = dict(json.loads(out.strip().splitlines()[-1]))
    print(f"  {phase}: {found['spans'] / found['wall']:,.0f} spans/s", file=sys.stderr, flush=True)
    return found


def measure_all(folder: Path, repeats: int) -> tuple[dict[str, dict[str, float]], list[float]]:
    """Every phase ``repeats`` times, taking turns (baseline, protobuf, json, ..., baseline,
    ...) so that other work on the machine disturbs them alike; for each phase the run with
    the least CPU time counts. Also each round's protobuf/baseline CPU ratio per span (the
    two runs back to back): on a machine whose speed drifts, the best runs of two phases
    may come from different states, and the rounds show how far apart."""
    runs: dict[str, list[dict[str, float]]] = {phase: [] for phase in PHASES}
    for _ in range(repeats):
        for phase in PHASES:
            runs[phase].append(measure(phase, folder))
    rounds = [
        (p["cpu"] / p["spans"]) / (b["cpu"] / b["spans"])
        for b, p in zip(runs["baseline"], runs["protobuf"], strict=True)
    ]
    best = {phase: min(found, key=lambda r: r["cpu"]) for phase, found in runs.items()}
    return best, rounds


# -- report ----------------------------------------------------------------------------------
def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"nproc {os.cpu_count()}, {cpu}, Python {platform.python_version()}"
        f" ({platform.python_implementation()}), {platform.system()} {platform.release()},"
        f" {today}; load average at start {load} (a machine shared with other work)"
    )


def table(results: dict[str, dict[str, float]]) -> list[str]:
    base = results["baseline"]
    lines = [
        "| phase | spans | spans/s (wall) | spans/s (CPU) | wall s | CPU s |"
        " vs baseline (wall) | vs baseline (CPU) | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for phase, r in results.items():
        per_span_wall = r["wall"] / r["spans"] / (base["wall"] / base["spans"])
        per_span_cpu = r["cpu"] / r["spans"] / (base["cpu"] / base["spans"])
        lines.append(
            f"| {phase} | {r['spans']:,.0f} | {r['spans'] / r['wall']:,.0f} |"
            f" {r['spans'] / r['cpu']:,.0f} | {r['wall']:.2f} | {r['cpu']:.2f} |"
            f" {per_span_wall:.2f}x | {per_span_cpu:.2f}x | {r['peak_mib']:.0f} |"
        )
    return lines


def _reader_used() -> str:
    sys.path.insert(0, str(ROOT))
    from scanner.traces.proto_batch import native_reader

    if native_reader():
        return "the C reader (`scanner/traces/_otlp_columns.c`, built by the install)"
    return "protobuf's parser (the C reader is not built here)"


def write_section(lines: list[str], path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Replace this benchmark's section of BENCHMARKS.md (or add it), keeping the others."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    section = "\n".join([SECTION, "", *lines]).rstrip() + "\n"
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("" if end < 0 else "\n" + text[end + 1 :])
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each phase")
    parser.add_argument("--write", action="store_true", help="record the figures in BENCHMARKS.md")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        spans, wall, cpu = run_phase(args.phase, args.data)
        peak = max(
            resource.getrusage(who).ru_maxrss / 1024
            for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        print(json.dumps({"spans": spans, "wall": wall, "cpu": cpu, "peak_mib": peak}))
        return
    folder = dataset(args.spans, args.services, args.batch)
    files = len(list(folder.glob("*.pb")))
    facts = machine()
    print(f"{args.spans:,} spans, {args.services} services, {files} files of each format")
    results, rounds = measure_all(folder, args.repeats)
    lines = table(results)
    print("\n".join(lines))
    print("protobuf/baseline CPU per round: " + ", ".join(f"{r:.2f}x" for r in rounds))
    if args.write:
        write_section(report(args, files, facts, lines, rounds))


def report(
    args: argparse.Namespace, files: int, facts: str, lines: list[str], rounds: list[float]
) -> list[str]:
    size = sum(
        p.stat().st_size for p in dataset(args.spans, args.services, args.batch).glob("*.pb")
    )
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in lines[2:]}
    verdicts = {
        phase: {
            what: f"{'met' if float(ratio[:-1]) <= 2.5 else 'not met'} ({ratio} {what})"
            for what, ratio in (("wall", rows[phase][6]), ("CPU", rows[phase][7]))
        }
        for phase in ("protobuf", "protobuf, 1 worker")
    }
    return [
        f"`python benchmarks/trace_ingest.py --spans {args.spans} --services {args.services}"
        f" --batch {args.batch} --repeats {args.repeats} --write`",
        "",
        f"Machine: {facts}.",
        "",
        f"Protobuf reader: {_reader_used()}.",
        "",
        f"Data: {args.spans:,} spans over {args.services} services in {files} files per format"
        f" ({size / 2**20:.0f} MiB of protobuf); traces of a root server span, four"
        " client/server hops and a database call; spans grouped by service, as exporters send"
        " them. Each phase runs in its own process; peak RSS is the largest `ru_maxrss` of it"
        " and its worker processes; CPU time includes the workers'."
        f" Each phase: the best of {args.repeats} interleaved runs by CPU time. Ratios"
        " compare time per span with the baseline's.",
        "",
        *lines,
        "",
        "Target: protobuf file ingestion within 2.5x the time of the bare decode-and-pair"
        " loop, per span, in the same run. In one process (`protobuf`): wall time"
        f" {verdicts['protobuf']['wall']}, CPU time {verdicts['protobuf']['CPU']}. With a"
        " worker process decoding files ahead (`protobuf, 1 worker`): wall time"
        f" {verdicts['protobuf, 1 worker']['wall']}, CPU time"
        f" {verdicts['protobuf, 1 worker']['CPU']}. Wall time is what a user waits; CPU time"
        " adds the worker's, so it is the figure that compares work per core (and a worker"
        " only shortens the wall time when a core is idle for it).",
        "",
        "Round by round (a baseline run, then the protobuf run a few seconds later), the"
        " protobuf/baseline CPU ratio was "
        + ", ".join(f"{r:.2f}x" for r in rounds)
        + f" (median {statistics.median(rounds):.2f}x): the table's ratio compares the best"
        " run of each phase, which on this machine may come from different speed states.",
    ]


if __name__ == "__main__":
    main()
