"""What detectors report: typed facts seen at one place in one file.

Detectors never touch the graph; they emit these and the assembler decides what they mean
for the service that owns the file. Every finding carries the repository-relative POSIX
``path`` and 1-based ``line`` it was seen at. Addresses and names stay symbolic
(:class:`~scanner.values.Value`) until the assembler knows the service's environment.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from scanner.values import Value

Role = Literal["publish", "consume"]


@dataclass(frozen=True, slots=True)
class Finding:
    """Base of every finding: where it was seen."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class AppDefinition(Finding):
    """A web/RPC application or worker is created here (marks a service entry point)."""

    framework: str  # fastapi | flask | aiohttp | django | grpc | celery | ...


@dataclass(frozen=True, slots=True)
class RouteDefinition(Finding):
    """A route the file's service serves: ``method`` upper-case, ``route`` as written."""

    framework: str
    method: str
    route: str
    router: str | None = None  # "path:name" of the router/blueprint, when not the app itself


@dataclass(frozen=True, slots=True)
class RouterMount(Finding):
    """A router/blueprint mounted under ``prefix`` (``include_router``,
    ``register_blueprint``): ``router`` is the "path:name" of the mounted one, ``parent``
    that of the router it is mounted on (None for the app)."""

    router: str
    prefix: Value  # resolved against the service's environment (``prefix=settings.API_V1``)
    parent: str | None = None
    # Flask: the blueprint's own ``url_prefix``, which its routes carry and which a non-empty
    # mount prefix replaces (None where mount prefixes are prepended, as in FastAPI).
    replaces: str | None = None


@dataclass(frozen=True, slots=True)
class HttpCall(Finding):
    """An outgoing HTTP request; ``method`` upper-case (``ANY`` when not statically known)."""

    library: str
    method: str
    url: Value
    client: tuple[str, int] | None = None  # where the session/client was built (path, line)


@dataclass(frozen=True, slots=True)
class DatastoreUse(Finding):
    """A connection to a datastore. ``address`` is a URL/DSN or ``host[:port]``;
    ``technology`` is known from the library when the address does not say."""

    library: str
    technology: str
    address: Value
    usage: Literal["db", "cache"] = "db"
    database: Value | None = None  # when given apart from the address
    name: Value | None = None  # the node name when it is not a host (S3 bucket, SQLite file)


@dataclass(frozen=True, slots=True)
class TableUse(Finding):
    """A table or collection the file's service works with (ORM model, Table(), collection)."""

    table: str


@dataclass(frozen=True, slots=True)
class Messaging(Finding):
    """Publishing to or consuming from a destination (exchange, queue, topic, Celery queue).

    ``destination_kind`` says what ``destination`` names: exchange | queue | topic | celery |
    channel | stream. ``broker`` is the broker address when the code gives it here.
    """

    technology: str  # rabbitmq | kafka | celery | redis | sqs | ...
    role: Role
    destination: Value
    destination_kind: str
    broker: Value | None = None
    routing_key: Value | None = None
    queues: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    library: str = ""  # the client library (pika, aiokafka, ...)
    # the node is named by what follows the last ``name_after`` in the resolved destination
    # (an SQS queue URL's last path segment "/", an SNS topic ARN's last field ":")
    name_after: str | None = None
    # Celery: the task whose queue the service's ``task_routes`` decide (no ``queue=`` given)
    routed_task: str | None = None
    # a consumer's queue bound to the exchange, when its name is not known here (read from
    # the service's environment): ``queues`` then holds nothing
    bound_queue: Value | None = None


@dataclass(frozen=True, slots=True)
class BrokerConnection(Finding):
    """A broker the file's code connects to (pika connection, Celery app broker)."""

    technology: str
    address: Value


@dataclass(frozen=True, slots=True)
class GrpcClient(Finding):
    """A gRPC stub created on a channel to ``target``; ``service`` is the stub's service
    name (``PricingStub`` -> ``Pricing``), ``methods`` the stub methods called."""

    service: str
    target: Value
    methods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GrpcServer(Finding):
    """A servicer registered or defined here: the service serves ``service``'s methods."""

    service: str
    methods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RpcServer(Finding):
    """An RPC service registered under ``service`` (nameko ``name``) serving ``methods``;
    other services' :class:`RpcCall` findings reach it by that name, not by a host."""

    framework: str
    service: str
    methods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RpcCall(Finding):
    """Calls through an RPC proxy to the service registered as ``service``."""

    framework: str
    service: Value
    methods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CeleryTask(Finding):
    """A Celery task defined here (the file's service is a worker for ``queue``)."""

    task: str
    queue: str = "celery"
    routed: bool | None = None  # True when no ``queue=`` is given: ``task_routes`` decide
    queue_value: Value | None = None  # a ``queue=`` the code leaves to its environment


@dataclass(frozen=True, slots=True)
class ScheduledTask(Finding):
    """A Celery periodic task (a ``beat_schedule`` entry, ``add_periodic_task``): the
    service running beat publishes ``task`` every period, to ``queue`` when the entry or
    the task's definition gives one, else to the queue its routing gives."""

    task: str
    queue: Value | None = None


@dataclass(frozen=True, slots=True)
class CeleryRouting(Finding):
    """Celery queue routing set in configuration: ``task_routes`` as (pattern, queue) in the
    order Celery tries them, and ``task_default_queue``."""

    routes: tuple[tuple[str, str], ...] = ()
    default_queue: str | None = None


@dataclass(frozen=True, slots=True)
class NetworkCall(Finding):
    """A connection to a host over another protocol (``smtp``, ...): ``host[:port]``."""

    protocol: str
    address: Value


@dataclass(frozen=True, slots=True)
class ModuleImport(Finding):
    """An absolute import of ``module`` (for imports of another service's code)."""

    module: str


def describe(finding: Finding) -> dict[str, object]:
    """A JSON-ready record of a finding (values rendered), for golden files and debugging."""
    record: dict[str, object] = {"type": type(finding).__name__}
    for field in fields(finding):
        raw = getattr(finding, field.name)
        if raw is None or raw == ():
            continue
        if isinstance(raw, Value):
            record[field.name] = raw.render()
        elif isinstance(raw, tuple) and field.name == "client":
            record[field.name] = f"{raw[0]}:{raw[1]}"
        elif isinstance(raw, tuple):
            record[field.name] = [list(x) if isinstance(x, tuple) else x for x in raw]
        else:
            record[field.name] = raw
    return record
