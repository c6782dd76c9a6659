"""The C reader of binary requests (``scanner/traces/_otlp_columns.c``) gives exactly the
columns protobuf's own parser gives through the lean class, or declines (None) and leaves
the request to that parser: on generated requests, on hand-built wire-level oddities, and
on thousands of mutated requests, where it must never accept what protobuf rejects."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from catalog_api.api.otlp import _varint as varint
from scanner.traces import proto_batch
from scanner.traces.span import TraceFormatError
from tests.traces import trace_mix

try:
    from scanner.traces import _otlp_columns as native
except ImportError:  # not built: the tests below say so or skip
    native = None  # type: ignore[assignment]


def test_the_reader_is_built_where_a_compiler_is() -> None:
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler: servicemap runs on protobuf's parser alone")
    assert proto_batch._READER is not None, "scanner/traces/_otlp_columns.c is not built"


needs_reader = pytest.mark.skipif(proto_batch._READER is None, reason="C reader not built")


def lean(data: bytes) -> list[Any] | TraceFormatError:
    try:
        return proto_batch._lean(data, {})
    except TraceFormatError as exc:
        return exc


def columns(data: bytes) -> list[Any] | TraceFormatError | None:
    """The native columns as ``_lean`` gives them, None when declined."""
    found = proto_batch._native_columns(data)
    if found is None:
        return None
    try:
        return proto_batch._native(found, {})
    except TraceFormatError as exc:
        return exc


def assert_same(data: bytes) -> bool:
    """Both readers agree on ``data`` (the C one may decline); whether it accepted."""
    mine, theirs = columns(data), lean(data)
    if mine is None:
        return False
    if isinstance(theirs, TraceFormatError):
        assert isinstance(mine, TraceFormatError), "the C reader accepted what protobuf rejects"
        assert mine.message == theirs.message
        return True
    assert mine == theirs
    return True


def generated(tmp_path: Path, seed: int, *, plain: bool = False) -> list[bytes]:
    paths = trace_mix.write_files(tmp_path, seed=seed, files=4, per_file=6, services=5, plain=plain)
    return [path.read_bytes() for path in paths]


@needs_reader
def test_generated_requests_read_alike(tmp_path: Path) -> None:
    datas = generated(tmp_path, 3) + generated(tmp_path, 4, plain=True)
    assert all(map(assert_same, datas))


@needs_reader
def test_links_and_errors_read_alike(tmp_path: Path) -> None:
    """Every third file of the mix links a consumer to a producer; errors are mixed in."""
    datas = generated(tmp_path, 5)
    found = [columns(data) for data in datas]
    assert any(c[-1] for c in found if isinstance(c, list)), "no request with links"
    assert any(any(c[7]) for c in found if isinstance(c, list)), "no failing span"
    assert all(map(assert_same, datas))


def span(**fields: Any) -> trace_mix.Span:
    defaults: dict[str, Any] = {
        "trace_id": b"\x01" * 16,
        "span_id": b"\x02" * 8,
        "kind": trace_mix.SERVER,
        "start_time_unix_nano": trace_mix.T0,
        "end_time_unix_nano": trace_mix.T0 + 5,
    }
    return trace_mix.Span(**(defaults | fields))


def request(*spans: trace_mix.Span, service: str = "web") -> bytes:
    return trace_mix._request([(service, s) for s in spans]).SerializeToString()


def field(number: int, wire: int, payload: bytes) -> bytes:
    """One field's encoding (payload: a varint's, 8 or 4 bytes, or a length-delimited's)."""
    tag = varint(number << 3 | wire)
    return tag + (varint(len(payload)) + payload if wire == 2 else payload)


def wrap(span_bytes: bytes, resource: bytes = b"") -> bytes:
    """A request of one resource and one scope holding the raw span encoding."""
    scope = field(2, 2, span_bytes)
    resource_spans = (field(1, 2, resource) if resource else b"") + field(2, 2, scope)
    return field(1, 2, resource_spans)


BASE_SPAN = span().SerializeToString()


@needs_reader
@pytest.mark.parametrize(
    "data",
    [
        # later occurrences of a singular field win; repeated ones keep their order
        wrap(BASE_SPAN + field(2, 2, b"\x03" * 8) + field(15, 2, b"\x10\x02")),
        wrap(BASE_SPAN + field(15, 2, b"\x10\x02") + field(15, 2, b"\x10\x01")),
        # a link whose last occurrence is empty, and one that is not
        wrap(BASE_SPAN + field(13, 2, b"\x0a\x01\x01") + field(13, 2, b"")),
        wrap(BASE_SPAN + field(13, 2, b"") + field(13, 2, b"\x0a\x01\x01")),
        # fields in reverse order, unknown fields of every wire type
        wrap(field(8, 1, bytes(8)) + field(7, 1, bytes(8)) + field(1, 2, b"\x05" * 16)),
        wrap(BASE_SPAN + field(99, 0, b"\x7f") + field(98, 1, bytes(8)) + field(97, 5, bytes(4))),
        wrap(BASE_SPAN + field(3, 2, b"state") + field(5, 2, b"name") + field(16, 5, b"1234")),
        # a negative kind (a ten-byte varint, read as int32) and a kind beyond 32 bits
        wrap(BASE_SPAN + field(6, 0, varint(2**64 - 1))),
        wrap(BASE_SPAN + field(6, 0, varint(2**40 + 3))),
        # the resource given twice: its attributes merge
        wrap(BASE_SPAN, field(1, 2, trace_mix._kv("service.name", "a").SerializeToString()))
        + wrap(BASE_SPAN, field(1, 2, trace_mix._kv("k", 1).SerializeToString()) * 2),
        # a resource spans with no spans, and an empty scope
        field(1, 2, field(1, 2, b"")) + wrap(BASE_SPAN),
        field(1, 2, field(2, 2, b"")) + wrap(BASE_SPAN),
        # attribute sets that split alike only when their lengths are read
        wrap(BASE_SPAN + field(9, 2, b"\x0a\x01a\x0a\x01b"))
        + wrap(BASE_SPAN + field(9, 2, b"\x0a\x01a") + field(9, 2, b"\x0a\x01b")),
        # attributes interleaved with other fields; more than fit on the C stack
        wrap(field(9, 2, b"\x0a\x01x") + BASE_SPAN + field(9, 2, b"\x0a\x01y")),
        wrap(BASE_SPAN + b"".join(field(9, 2, b"\x0a\x02k" + bytes([n])) for n in range(70))),
        # an unknown request field before the spans
        field(7, 2, b"junk") + wrap(BASE_SPAN),
        # a malformed attribute and a malformed status: both readers report them
        wrap(BASE_SPAN + field(9, 2, b"\x0a\x05ab")),
        wrap(BASE_SPAN + field(15, 2, b"\x12\x02\xff\xfe")),
    ],
)
def test_wire_level_cases_read_alike(data: bytes) -> None:
    assert assert_same(data), "declined a request it should read"


@needs_reader
@pytest.mark.parametrize(
    "data",
    [
        b"",  # empty: protobuf reads no request at all
        field(2, 2, b"x"),  # no resource spans
        wrap(BASE_SPAN + b"\x0b\x0c"),  # a group
        wrap(BASE_SPAN + field(1, 0, b"\x01")),  # a known field with another wire type
        wrap(BASE_SPAN + field(7, 5, b"1234")),
        wrap(BASE_SPAN + b"\x07"),  # field 0
        wrap(BASE_SPAN + field(6, 0, b"\xff" * 10 + b"\x01")),  # an 11-byte varint
        wrap(BASE_SPAN)[:-1],  # truncated
        field(1, 2, b"") + b"\x0a\xff\xff\xff\xff\x0f",  # a length past the end
    ],
)
def test_odd_requests_are_left_to_protobuf(data: bytes) -> None:
    assert proto_batch._native_columns(data) is None


@needs_reader
def test_mutated_requests_never_read_otherwise(tmp_path: Path) -> None:
    """Byte flips, cuts, insertions and repeats of real requests: whatever the C reader
    accepts, protobuf reads the same way (or rejects the same way)."""
    rng = random.Random(7)
    bases = [*generated(tmp_path, 9)[:2], wrap(BASE_SPAN + field(13, 2, b"\x0a\x01\x01"))]
    accepted = 0
    for n in range(3000):
        data = bytearray(rng.choice(bases))
        at = rng.randrange(len(data))
        match n % 5:
            case 0:
                data[at] ^= 1 << rng.randrange(8)
            case 1:
                del data[at:]
            case 2:
                data.insert(at, rng.randrange(256))
            case 3:
                del data[at]
            case _:
                end = min(len(data), at + rng.randrange(1, 40))
                data[at:at] = data[at:end]
        accepted += assert_same(bytes(data))
    assert 300 < accepted < 3000  # the mutations reach both outcomes


@needs_reader
def test_a_batch_reads_alike_by_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = generated(tmp_path, 11)[1]
    fast = proto_batch.ProtoBatch(data)
    monkeypatch.setattr(proto_batch, "_READER", None)
    slow = proto_batch.ProtoBatch(data)
    for name in ("trace_ids", "span_ids", "parent_ids", "kinds", "starts", "ends"):
        assert getattr(fast, name) == getattr(slow, name), name
    assert (fast.services, fast.errors, fast.items) == (slow.services, slow.errors, slow.items)
    assert [fast.attributes(i) for i in range(len(fast))] == [
        slow.attributes(i) for i in range(len(slow))
    ]


def test_not_bytes_is_a_type_error() -> None:
    if native is None:
        pytest.skip("C reader not built")
    with pytest.raises(TypeError):
        native.columns("text")  # type: ignore[arg-type]
