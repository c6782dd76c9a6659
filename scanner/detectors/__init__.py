"""The detector registry: the one place that lists every built-in detector.

Adding a library is one module under ``scanner/detectors/``, one fixture under
``tests/scanner/fixtures/`` and one line here. Order does not matter: detectors never see
each other's findings.
"""

from __future__ import annotations

from scanner.detectors.base import Detector
from scanner.detectors.fastapi_routes import FastAPIRoutes
from scanner.detectors.flask_routes import FlaskRoutes
from scanner.detectors.grpc_services import GrpcServices
from scanner.detectors.httpx_calls import HttpxCalls
from scanner.detectors.pika_messaging import PikaMessaging
from scanner.detectors.postgres_drivers import PostgresDrivers
from scanner.detectors.redis_clients import RedisClients
from scanner.detectors.requests_calls import RequestsCalls
from scanner.detectors.sqlalchemy_engines import SqlAlchemyEngines

REGISTRY: tuple[type[Detector], ...] = (
    FastAPIRoutes,
    FlaskRoutes,
    RequestsCalls,
    HttpxCalls,
    SqlAlchemyEngines,
    PostgresDrivers,
    RedisClients,
    PikaMessaging,
    GrpcServices,
)

__all__ = ["REGISTRY", "Detector"]
