"""gRPC's standard services (health checking, reflection) are plumbing: a server registering
them serves no route of its own, and a client probing another service's health does not
depend on it."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  recommendation: {build: ./recommendation}
  prober: {build: ./prober}
  frontend: {build: ./frontend}
"""
SERVER = """
from concurrent import futures

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

import demo_pb2
import demo_pb2_grpc


class RecommendationService(demo_pb2_grpc.RecommendationServiceServicer):
    def ListRecommendations(self, request, context): ...

    def Check(self, request, context):
        return health_pb2.HealthCheckResponse(status=health_pb2.HealthCheckResponse.SERVING)

    def Watch(self, request, context): ...


server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
service = RecommendationService()
demo_pb2_grpc.add_RecommendationServiceServicer_to_server(service, server)
health_pb2_grpc.add_HealthServicer_to_server(service, server)
names = (demo_pb2.DESCRIPTOR.services_by_name["RecommendationService"].full_name,)
reflection.enable_server_reflection(names + (reflection.SERVICE_NAME,), server)
"""
PROBER = """
import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

channel = grpc.insecure_channel("recommendation:8080")
health = health_pb2_grpc.HealthStub(channel)
health.Check(health_pb2.HealthCheckRequest(service=""))
server = grpc.server(None)
"""
FRONTEND = """
import grpc

import demo_pb2_grpc

channel = grpc.insecure_channel("recommendation:8080")
stub = demo_pb2_grpc.RecommendationServiceStub(channel)
stub.ListRecommendations(None)
"""


def _scan(tmp_path: Path) -> ServiceGraph:
    files = {
        "docker-compose.yml": COMPOSE,
        "recommendation/requirements.txt": "grpcio\n",
        "recommendation/recommendation_server.py": SERVER,
        "prober/requirements.txt": "grpcio\n",
        "prober/probe.py": PROBER,
        "frontend/requirements.txt": "grpcio\n",
        "frontend/client.py": FRONTEND,
    }
    return scan_repository(write_repo(tmp_path, files))


def test_health_and_reflection_are_not_routes_when_a_server_registers_them(
    tmp_path: Path,
) -> None:
    node = _scan(tmp_path).node("service:recommendation")
    assert node is not None
    assert node.routes == {"RecommendationService/ListRecommendations"}


def test_a_health_probe_is_no_dependency_when_a_client_only_checks_health(
    tmp_path: Path,
) -> None:
    graph = _scan(tmp_path)
    edges = {(e.source, e.target, e.kind) for e in graph.edges()}
    assert edges == {("service:frontend", "service:recommendation", EdgeKind.GRPC)}
