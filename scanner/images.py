"""What a container image is, by name: the datastores and brokers compose files run.

Matched on the image's last path component without tag or registry, so ``postgres:16``,
``docker.io/library/postgres`` and ``bitnami/postgresql`` all read as PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class ImageKind:
    role: Literal["datastore", "broker"]
    technology: str


_KNOWN: tuple[tuple[tuple[str, ...], ImageKind], ...] = (
    (("postgres", "postgresql", "postgis", "timescaledb"), ImageKind("datastore", "postgres")),
    (("mysql", "mariadb", "percona"), ImageKind("datastore", "mysql")),
    (
        ("redis", "redis-stack", "redis-sentinel", "redis-cluster", "valkey", "keydb", "dragonfly"),
        ImageKind("datastore", "redis"),
    ),
    (("mongo", "mongodb"), ImageKind("datastore", "mongodb")),
    (("elasticsearch", "opensearch"), ImageKind("datastore", "elasticsearch")),
    (("memcached",), ImageKind("datastore", "memcached")),
    (("cassandra", "scylla"), ImageKind("datastore", "cassandra")),
    (("minio", "localstack"), ImageKind("datastore", "s3")),
    (("dynamodb-local",), ImageKind("datastore", "dynamodb")),
    (("server",), ImageKind("datastore", "mssql")),  # mcr.microsoft.com/mssql/server
    (("rabbitmq",), ImageKind("broker", "rabbitmq")),
    (("kafka", "cp-kafka", "redpanda", "cp-server"), ImageKind("broker", "kafka")),
    (("nats",), ImageKind("broker", "nats")),
    (("activemq", "artemis"), ImageKind("broker", "activemq")),
    # Kafka's coordinator: part of the broker, whose topics are what the map shows.
    (("zookeeper", "cp-zookeeper"), ImageKind("broker", "zookeeper")),
)


# Where each technology's server listens unless configured otherwise: a container given a
# fixed IP is reached at IP:this port.
DEFAULT_PORTS = {
    "postgres": 5432,
    "mysql": 3306,
    "redis": 6379,
    "mongodb": 27017,
    "elasticsearch": 9200,
    "memcached": 11211,
    "cassandra": 9042,
    "s3": 9000,
    "dynamodb": 8000,
    "mssql": 1433,
    "rabbitmq": 5672,
    "kafka": 9092,
    "nats": 4222,
    "activemq": 61616,
}


# Operations tools: certificates, admin UIs, monitoring. Their ``depends_on`` is start-up
# order (certbot waits for nginx), not a call the system's map should show.
TOOL_IMAGES = frozenset(
    {
        "certbot",
        "adminer",
        "pgadmin4",
        "phpmyadmin",
        "redis-commander",
        "redisinsight",
        "mongo-express",
        "kafdrop",
        "kafka-ui",
        "prometheus",
        "grafana",
        "loki",
        "promtail",
        "alertmanager",
        "node-exporter",
        "cadvisor",
        "jaeger",
        "all-in-one",  # jaegertracing/all-in-one
        "opentelemetry-collector",
        "opentelemetry-collector-contrib",
        "portainer",
        "portainer-ce",
        "portainer-ee",
        "flower",  # mher/flower: Celery's monitor (a worker image running `celery flower` is code)
        "watchtower",
        "mailhog",
        "mailpit",
    }
)


def is_tool_image(image: str | None) -> bool:
    """Whether an image is an operations tool (see :data:`TOOL_IMAGES`)."""
    return image_name(image) in TOOL_IMAGES


def image_name(image: str | None) -> str:
    """An image's last path component without registry, tag or digest, lower case:
    ``ghcr.io/acme/orders:1.4`` -> ``orders``."""
    return (image or "").rsplit("/", 1)[-1].split("@", 1)[0].split(":", 1)[0].lower()


def classify_image(image: str | None) -> ImageKind | None:
    """The datastore/broker an image runs, or None for anything else."""
    if not image:
        return None
    name = image_name(image)
    if name == "server" and "mssql" not in image:
        return None
    for names, kind in _KNOWN:
        if name in names:
            return kind
    return None


# The variables each server's official image initialises itself from, and its port: a
# container given one of them that listens on that port is that server, whatever its
# image is called (``accounts-db`` built ``FROM postgres``). Clients set the same variables
# but do not listen on the server's port.
_SERVER_ENV: tuple[tuple[frozenset[str], int, str], ...] = (
    (frozenset({"POSTGRES_DB", "POSTGRES_PASSWORD", "POSTGRES_USER"}), 5432, "postgres"),
    (frozenset({"MYSQL_ROOT_PASSWORD", "MYSQL_DATABASE", "MARIADB_ROOT_PASSWORD"}), 3306, "mysql"),
    (frozenset({"MONGO_INITDB_ROOT_USERNAME", "MONGO_INITDB_DATABASE"}), 27017, "mongodb"),
)


def served_datastore(env: Iterable[str], ports: Iterable[int]) -> ImageKind | None:
    """The datastore a container runs by its server's init variables and listening port
    (see :data:`_SERVER_ENV`), or None."""
    names, listening = set(env), set(ports)
    for variables, port, technology in _SERVER_ENV:
        if names & variables and port in listening:
            return ImageKind("datastore", technology)
    return None


_LANGUAGES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("node", "bun", "deno"), "node"),
    (("golang", "go"), "go"),
    (("openjdk", "eclipse-temurin", "amazoncorretto", "maven", "gradle", "jdk", "jre"), "java"),
    (("python", "pypy"), "python"),
    (("ruby", "jruby"), "ruby"),
    (("php", "php-fpm", "composer"), "php"),
    (("rust",), "rust"),
    (("sdk", "aspnet", "runtime"), "dotnet"),  # mcr.microsoft.com/dotnet/<sdk|aspnet|runtime>
    (("elixir", "erlang"), "elixir"),
    (("nginx", "openresty"), "nginx"),
    (("envoy", "envoy-alpine", "envoy-distroless"), "envoy"),
    (("haproxy",), "haproxy"),
    (("traefik",), "traefik"),
    (("caddy",), "caddy"),
    (("httpd",), "httpd"),
)


def image_language(image: str | None) -> str | None:
    """The language (or proxy) an image runs, by its name: ``node:20`` -> node,
    ``eclipse-temurin:21`` -> java, ``envoyproxy/envoy`` -> envoy; None when unknown."""
    if not image:
        return None
    name = image_name(image)
    if name in ("sdk", "aspnet", "runtime") and "dotnet" not in image:
        return None
    for names, language in _LANGUAGES:
        if name in names:
            return language
    return None
