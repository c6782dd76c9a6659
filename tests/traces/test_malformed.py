"""Malformed input: a clear error naming the file and the problem, never a traceback, and the
good files of the same run still ingested."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.model import Severity
from scanner.traces import TraceFormatError, decode_file, ingest_files
from tests.traces.helpers import FIXTURES

ZIPKIN_SPAN = '{"traceId": "4e441824ec2b6a44", "id": "00000000000000a1", "name": "x"}'
OTLP_SPAN = (
    '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": %s, "spanId": "a000000000000001",'
    ' "kind": %s}]}]}]}'
)

CASES = {
    "otlp-truncated": ('{"resourceSpans": [', "not valid JSON"),
    "otlp-bad-trace-id": (
        OTLP_SPAN % ('"not-an-id"', "2"),
        "resourceSpans[0].scopeSpans[0].spans[0].traceId: 'not-an-id' is not a hex or base64",
    ),
    "otlp-short-base64-id": (OTLP_SPAN % ('"AAE="', "2"), "'AAE=' is not a hex or base64 trace id"),
    "otlp-unknown-kind": (
        OTLP_SPAN % ('"0af7651916cd43dd8448eb211c80319c"', "9"),
        "unknown span kind 9",
    ),
    "otlp-spans-not-a-list": (
        '{"resourceSpans": [{"scopeSpans": [{"spans": {}}]}]}',
        "resourceSpans[0].scopeSpans[0].spans: expected a list, got an object",
    ),
    "otlp-lines-second-broken": (
        '{"resourceSpans": []}\n{"resourceSpans": [}\n',
        "line 2: not valid JSON",
    ),
    "jaeger-spans-not-a-list": (
        '{"data": [{"traceID": "1", "spans": "none", "processes": {}}]}',
        "data[0].spans: expected a list, got a string",
    ),
    "jaeger-bad-start-time": (
        '{"data": [{"spans": [{"traceID": "1f3c9a0b2d4e5f60", "spanID": "0000000000000a01",'
        ' "startTime": "soon"}], "processes": {}}]}',
        "data[0].spans[0].startTime: expected an integer, got 'soon'",
    ),
    "zipkin-missing-id": (
        '[{"traceId": "4e441824ec2b6a44", "name": "x"}, ' + ZIPKIN_SPAN + "]",
        "[0].id: missing span id",
    ),
    "zipkin-tags-not-an-object": (
        '[{"traceId": "4e441824ec2b6a44", "id": "00000000000000a1", "tags": ["error"]}]',
        "[0].tags: expected an object, got a list",
    ),
    "unknown-json": (
        '{"traces": []}',
        "not OTLP, Jaeger or Zipkin JSON (an object with keys traces)",
    ),
    "not-utf8": (b'{"resourceSpans": "\xff"}', "not UTF-8 text"),
    "protobuf-garbage": (
        b"\x0a\xff\xff\xff\xff\x0f\x01",
        "not an OTLP protobuf ExportTraceServiceRequest",
    ),
    "protobuf-wrong-message": (b"\x12\x03abc", "not an OTLP protobuf ExportTraceServiceRequest"),
    "gzip-truncated": (b"\x1f\x8b\x08\x00\x00\x00", "broken gzip data"),
}


@pytest.mark.parametrize(("content", "message"), CASES.values(), ids=CASES.keys())
def test_error_names_file_and_problem_when_input_is_malformed(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "bad.trace"
    path.write_bytes(content.encode() if isinstance(content, str) else content)

    with pytest.raises(TraceFormatError) as caught:
        decode_file(path)

    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_error_names_file_when_it_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(TraceFormatError, match=r"missing\.json: cannot read"):
        decode_file(tmp_path / "missing.json")


def test_other_files_ingested_when_one_is_malformed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 7}]}]}]}')

    graph = ingest_files([FIXTURES / "jaeger_ui_trace.json", bad, FIXTURES / "zipkin_shared.json"])

    (diagnostic,) = graph.diagnostics
    assert (diagnostic.path, diagnostic.severity, diagnostic.code) == (
        str(bad),
        Severity.ERROR,
        "malformed-trace",
    )
    assert "spans[0].traceId: expected a string, got a number" in diagnostic.message
    assert graph.node("service:auth") is not None and graph.node("service:backend") is not None


def test_nothing_of_a_file_used_when_it_breaks_half_way(tmp_path: Path) -> None:
    good_line = (FIXTURES / "otlp_checkout.json").read_text().replace("\n", "")
    half = tmp_path / "half.jsonl"
    half.write_text(good_line + "\n{broken\n")

    graph = ingest_files([half])

    assert graph.nodes() == [] and len(graph.diagnostics) == 1


def test_no_spans_when_file_is_empty_or_an_empty_zipkin_list(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "list.json").write_text("[]")

    assert decode_file(tmp_path / "empty.json") == []
    assert decode_file(tmp_path / "list.json") == []
