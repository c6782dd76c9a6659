"""The detector registry: the one place that lists every built-in detector.

Adding a library is one module under ``scanner/detectors/``, one fixture under
``tests/scanner/fixtures/`` and one line here. Order does not matter: detectors never see
each other's findings. Third-party packages add detectors through the entry-point group
``servicemap.detectors`` (each entry point names a :class:`Detector` subclass), found the same
way flake8 finds plugins; one that fails to load is named in a diagnostic, never fatal.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from scanner.detectors.aio_pika_messaging import AioPikaMessaging
from scanner.detectors.aiohttp_web import AiohttpWeb
from scanner.detectors.arq_queues import ArqQueues
from scanner.detectors.base import Detector
from scanner.detectors.boto3_dynamodb import Boto3DynamoDB
from scanner.detectors.boto3_messaging import Boto3Messaging
from scanner.detectors.boto3_s3 import Boto3S3
from scanner.detectors.cassandra_clients import CassandraClients
from scanner.detectors.celery_backends import CeleryBackends
from scanner.detectors.celery_beat import CeleryBeat
from scanner.detectors.celery_tasks import CeleryTasks
from scanner.detectors.django_project import DjangoProject
from scanner.detectors.dramatiq_actors import DramatiqActors
from scanner.detectors.drf_routers import DrfRouters
from scanner.detectors.elasticsearch_clients import ElasticsearchClients
from scanner.detectors.fastapi_routes import FastAPIRoutes
from scanner.detectors.faststream_brokers import FastStreamBrokers
from scanner.detectors.faust_streams import FaustStreams
from scanner.detectors.flask_mongo_config import FlaskMongoConfig
from scanner.detectors.flask_mysql_config import FlaskMysqlConfig
from scanner.detectors.flask_routes import FlaskRoutes
from scanner.detectors.gcp_pubsub import GcpPubsub
from scanner.detectors.grpc_services import GrpcServices
from scanner.detectors.hotqueue_queues import HotQueueQueues
from scanner.detectors.httpx_calls import HttpxCalls
from scanner.detectors.kafka_clients import KafkaClients
from scanner.detectors.kombu_messaging import KombuMessaging
from scanner.detectors.memcached_clients import MemcachedClients
from scanner.detectors.mongoengine_connections import MongoengineConnections
from scanner.detectors.mysql_drivers import MysqlDrivers
from scanner.detectors.nameko_providers import NamekoProviders
from scanner.detectors.nameko_rpc import NamekoRpc
from scanner.detectors.nats_messaging import NatsMessaging
from scanner.detectors.peewee_databases import PeeweeDatabases
from scanner.detectors.pika_messaging import PikaMessaging
from scanner.detectors.postgres_drivers import PostgresDrivers
from scanner.detectors.pymongo_clients import PymongoClients
from scanner.detectors.redis_clients import RedisClients
from scanner.detectors.redis_lists import RedisLists
from scanner.detectors.redis_om_models import RedisOmModels
from scanner.detectors.requests_calls import RequestsCalls
from scanner.detectors.rq_queues import RqQueues
from scanner.detectors.smtp_clients import SmtpClients
from scanner.detectors.sqlalchemy_engines import SqlAlchemyEngines
from scanner.detectors.sqlite_clients import SqliteClients
from scanner.detectors.starlette_routes import StarletteRoutes
from scanner.detectors.tortoise_orm import TortoiseOrm
from scanner.detectors.urllib_calls import UrllibCalls
from scanner.detectors.vendor_sdks import VendorSdks

REGISTRY: tuple[type[Detector], ...] = (
    FastAPIRoutes,
    FlaskRoutes,
    RequestsCalls,
    HttpxCalls,
    SqlAlchemyEngines,
    PostgresDrivers,
    MysqlDrivers,
    SqliteClients,
    CassandraClients,
    PeeweeDatabases,
    FlaskMysqlConfig,
    TortoiseOrm,
    RedisClients,
    PikaMessaging,
    GrpcServices,
    CeleryTasks,
    CeleryBeat,
    CeleryBackends,
    KafkaClients,
    AiohttpWeb,
    DjangoProject,
    PymongoClients,
    MongoengineConnections,
    FlaskMongoConfig,
    Boto3S3,
    SmtpClients,
    AioPikaMessaging,
    ElasticsearchClients,
    UrllibCalls,
    StarletteRoutes,
    NamekoRpc,
    NamekoProviders,
    RedisOmModels,
    Boto3Messaging,
    Boto3DynamoDB,
    KombuMessaging,
    RqQueues,
    ArqQueues,
    DramatiqActors,
    FaustStreams,
    DrfRouters,
    NatsMessaging,
    MemcachedClients,
    RedisLists,
    GcpPubsub,
    FastStreamBrokers,
    HotQueueQueues,
    VendorSdks,
)

ENTRY_POINT_GROUP = "servicemap.detectors"


def plugin_detectors() -> tuple[list[type[Detector]], list[str]]:
    """Detectors registered by installed packages, and a message per one that failed."""
    found: list[type[Detector]] = []
    problems: list[str] = []
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            loaded = entry.load()
        except Exception as exc:  # a broken plugin must not stop the scan
            problems.append(f"detector plugin {entry.name} ({entry.value}) failed to load: {exc}")
            continue
        if isinstance(loaded, type) and issubclass(loaded, Detector):
            found.append(loaded)
        else:
            problems.append(f"detector plugin {entry.name} ({entry.value}) is not a Detector")
    return found, problems


__all__ = ["ENTRY_POINT_GROUP", "REGISTRY", "Detector", "plugin_detectors"]
