"""servicemap's core model: the values every part speaks.

Pure on purpose: no libcst, FastAPI, OpenTelemetry or networkx imports here, so the scanner,
the trace ingester, the store, the API and the exports all share one vocabulary and none of
them drags another's dependencies along.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class NodeKind(StrEnum):
    """What a node in the map stands for."""

    SERVICE = "service"
    DATASTORE = "datastore"
    QUEUE = "queue"  # a queue, topic, stream or exchange
    EXTERNAL = "external"  # a third-party host the system calls


class EdgeKind(StrEnum):
    """How the source depends on the target."""

    HTTP = "http"
    GRPC = "grpc"
    RPC = "rpc"  # other RPC styles: nameko proxies, JSON-RPC, Thrift, ...
    DB = "db"
    CACHE = "cache"
    PUBLISH = "publish"
    CONSUME = "consume"  # from the consuming service to the queue
    IMPORT = "import"  # one service importing another service's code
    SMTP = "smtp"  # mail sent through an SMTP server (an email provider)


class Provenance(StrEnum):
    """Where a fact came from."""

    STATIC = "static"  # found in source code
    CONFIG = "config"  # found in compose / Kubernetes / Dockerfile / env files
    TRACE = "trace"  # observed in traces
    DECLARED = "declared"  # written down by a person (catalog files)


class Severity(StrEnum):
    """How much a diagnostic matters to the user."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# The external caller of a root SERVER span: named once here because the trace ingester
# makes this node and merging/drift must recognise it as no node of the code.
ROOT_CALLER_NAME = "user"


def node_id(kind: NodeKind, name: str) -> str:
    """Stable node id, ``kind:name``; the name is kept as written (case and all)."""
    return f"{kind.value}:{name}"


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """Why we believe an edge exists: a place in the repository or a trace.

    Code and config evidence has ``path`` (repository-relative, POSIX separators) and ``line``
    (1-based); trace evidence has ``trace_id``. ``note`` is a short human hint, e.g. the
    matched call text or the config key.
    """

    path: str | None = None
    line: int | None = None
    trace_id: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Traffic:
    """What traces observed on an edge. Times are ISO-8601 UTC strings."""

    calls: int
    errors: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """A service, datastore, queue or external host.

    ``aliases`` holds every other name the node goes by (directory, compose service name,
    Kubernetes name, hostnames); ``routes`` are the routes a service serves, as
    ``"METHOD /path"``; ``attributes`` is free-form string metadata (language, image, ...).
    """

    kind: NodeKind
    name: str
    technology: str | None = None
    aliases: frozenset[str] = frozenset()
    path: str | None = None
    routes: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    provenance: frozenset[Provenance] = frozenset()
    evidence: frozenset[Evidence] = frozenset()
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return node_id(self.kind, self.name)

    def merged(self, other: Node) -> Node:
        """This node with the facts of ``other`` (same id) added; our scalars win when set."""
        if other.id != self.id:
            raise ValueError(f"cannot merge {other.id} into {self.id}")
        return Node(
            kind=self.kind,
            name=self.name,
            technology=self.technology or other.technology,
            aliases=(self.aliases | other.aliases) - {self.name},
            path=self.path if self.path is not None else other.path,  # "" is the root
            routes=self.routes | other.routes,
            owners=self.owners | other.owners,
            provenance=self.provenance | other.provenance,
            evidence=self.evidence | other.evidence,
            attributes={**other.attributes, **self.attributes},
        )


@dataclass(frozen=True, slots=True)
class Edge:
    """A dependency of ``source`` on ``target`` (node ids), one per (source, target, kind).

    ``detail`` names what is involved, by category: ``{"routes": [...], "tables": [...],
    "topics": [...], "methods": [...]}``.
    """

    source: str
    target: str
    kind: EdgeKind
    provenance: frozenset[Provenance] = frozenset()
    evidence: frozenset[Evidence] = frozenset()
    detail: Mapping[str, frozenset[str]] = field(default_factory=dict)
    traffic: Traffic | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.kind.value)

    def merged(self, other: Edge) -> Edge:
        """This edge with ``other``'s evidence, provenance and detail added."""
        if other.key != self.key:
            raise ValueError(f"cannot merge edge {other.key} into {self.key}")
        return Edge(
            source=self.source,
            target=self.target,
            kind=self.kind,
            provenance=self.provenance | other.provenance,
            evidence=self.evidence | other.evidence,
            detail=merge_detail(self.detail, other.detail),
            traffic=self.traffic or other.traffic,
        )


def merge_detail(
    a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Union of two detail maps, category by category."""
    merged = dict(a)
    for category, values in b.items():
        merged[category] = merged.get(category, frozenset()) | values
    return merged


def detail_of(**categories: Iterable[str]) -> dict[str, frozenset[str]]:
    """Build a detail map, dropping empty categories: ``detail_of(routes=["GET /x"])``."""
    return {name: frozenset(values) for name, values in categories.items() if values}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """Something the user should know about a scan or ingest: a file that could not be
    parsed, a URL that could not be resolved, a malformed trace."""

    path: str
    line: int | None
    severity: Severity
    code: str  # short, stable, kebab-case: "syntax-error", "unresolved-url", ...
    message: str


@dataclass(frozen=True, slots=True)
class ScanInfo:
    """Where and when a graph came from."""

    source: str  # the scanned path or the ingested files, as the user gave them
    commit: str | None = None  # git commit of the source, when it is a git checkout
    time: str | None = None  # ISO-8601 UTC
    tool_version: str | None = None
