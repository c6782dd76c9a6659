"""Trace ingestion benchmark: spans per second and peak memory, from files and over HTTP.

Generates OTLP data (``--spans`` spans over ``--services`` services, as protobuf and as
OTLP/JSON files of ``--batch`` spans each, one export request per file), then measures in
separate processes, so each peak RSS is its own:

- ``baseline``: a bare loop that only decodes the protobuf files and pairs client with server
  spans into counts (the yardstick the issue sets: ingestion within 2.5x of it);
- ``protobuf`` / ``json``: ``scanner.traces.ingest_files`` over the files;
- ``http``: every protobuf file POSTed to a running receiver (uvicorn, 127.0.0.1).

Run: ``python benchmarks/trace_ingest.py --spans 1000000``.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

HOPS = 4  # server -> (client -> server) x HOPS -> db client: 2 + 2*HOPS spans a trace
T0 = 1_764_000_000_000_000_000


def generate(folder: Path, spans: int, services: int, batch: int) -> None:
    from google.protobuf import json_format

    rng = random.Random(1)
    n = next_id = 0
    while n < spans:
        request = ExportTraceServiceRequest()
        scopes: dict[int, object] = {}
        while sum(len(s.spans) for s in scopes.values()) < batch:  # type: ignore[attr-defined]
            next_id = _trace(request, scopes, rng, services, next_id)
        size = sum(len(s.spans) for s in scopes.values())  # type: ignore[attr-defined]
        (folder / f"{n:09d}.pb").write_bytes(request.SerializeToString())
        (folder / f"{n:09d}.json").write_text(json_format.MessageToJson(request, indent=None))
        n += size


def _trace(request, scopes, rng, services, next_id):  # type: ignore[no-untyped-def]
    def scope(service: int):  # type: ignore[no-untyped-def]
        if service not in scopes:
            rs = request.resource_spans.add()
            kv = rs.resource.attributes.add()
            kv.key, kv.value.string_value = "service.name", f"svc-{service}"
            scopes[service] = rs.scope_spans.add()
        return scopes[service]

    def add(service, kind, parent, ms, **attrs):  # type: ignore[no-untyped-def]
        nonlocal next_id
        next_id += 1
        span = scope(service).spans.add(
            trace_id=trace_id,
            span_id=next_id.to_bytes(8, "big"),
            parent_span_id=parent,
            kind=kind,
            name="op",
            start_time_unix_nano=start,
            end_time_unix_nano=start + ms * 10**6,
        )
        for key, value in attrs.items():
            kv = span.attributes.add()
            kv.key, kv.value.string_value = key.replace("_", "."), value
        if rng.random() < 0.02:
            span.status.code = 2
        return span.span_id

    trace_id = rng.getrandbits(128).to_bytes(16, "big")
    start = T0 + next_id * 1000
    service = rng.randrange(services)
    parent = add(service, Span.SPAN_KIND_SERVER, b"", 50, http_route="/x")
    for _ in range(HOPS):
        callee = (service * 7 + rng.randrange(3) + 1) % services
        client = add(
            service,
            Span.SPAN_KIND_CLIENT,
            parent,
            rng.randrange(1, 40),
            server_address=f"svc-{callee}",
        )
        parent = add(callee, Span.SPAN_KIND_SERVER, client, 5, http_route="/items/{id}")
        service = callee
    add(
        service,
        Span.SPAN_KIND_CLIENT,
        parent,
        2,
        db_system="postgresql",
        server_address=f"db-{service % 20}",
    )
    return next_id


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


def run_phase(phase: str, folder: Path) -> tuple[int, float]:
    files = sorted(folder.glob("*.json" if phase == "json" else "*.pb"))
    started = time.perf_counter()
    if phase == "baseline":
        spans = baseline(files)
    elif phase == "http":
        spans = _post_all(files)
    else:
        from scanner.traces import TraceAggregator, ingest_files

        aggregator = TraceAggregator()
        ingest_files(files, aggregator=aggregator)
        spans = aggregator.spans_seen
    return spans, time.perf_counter() - started


def _post_all(files: list[Path]) -> int:
    import httpx

    from catalog_api.api import create_app
    from catalog_api.api.otlp_receiver import TraceReceiver
    from catalog_api.store import SqliteGraphStore
    from tests.traces.live import serving

    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteGraphStore(Path(tmp) / "bench.db")
        app = create_app(store)
        receiver = app.state.trace_receiver = TraceReceiver(store)
        with serving(app) as base, httpx.Client() as client:
            for path in files:
                response = client.post(
                    f"{base}/v1/traces",
                    content=path.read_bytes(),
                    headers={"Content-Type": "application/x-protobuf"},
                )
                response.raise_for_status()
        return receiver.aggregator.spans_seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        spans, seconds = run_phase(args.phase, args.data)
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{spans} {seconds} {peak_mib}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.spans, args.services, args.batch)
        print(f"{args.spans:,} spans, {args.services} services, {args.batch:,} spans a file")
        print(f"{'phase':<10} {'spans/s':>12} {'seconds':>9} {'peak MiB':>9} {'vs baseline':>12}")
        base_seconds = None
        for phase in ("baseline", "protobuf", "json", "http"):
            out = subprocess.run(
                [sys.executable, __file__, "--phase", phase, "--data", str(folder)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            spans, seconds, peak = int(out[0]), float(out[1]), float(out[2])
            base_seconds = base_seconds or seconds
            print(
                f"{phase:<10} {spans / seconds:>12,.0f} {seconds:>9.2f} {peak:>9.0f}"
                f" {seconds / base_seconds:>11.2f}x"
            )


if __name__ == "__main__":
    main()
