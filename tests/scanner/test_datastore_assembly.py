"""Assembly of MySQL, SQLite, Cassandra and Redis cluster/Sentinel findings: a real
repository on disk scanned end to end, nodes named by the conventions (compose service for
hosts, the file name for SQLite)."""

from __future__ import annotations

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Node, NodeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  orders:
    build: ./orders
    environment:
      MYSQL_HOST: orders-db
      SQLITE_PATH: /data/state.db
  orders-db: {image: "mysql:8.4"}
  cassandra: {image: "cassandra:4.1"}
  redis-sentinel: {image: "redis:7.2", command: "redis-sentinel /etc/sentinel.conf"}
  redis-cluster: {image: "redis:7.2"}
  shop:
    build: ./shop
    environment:
      MYSQL_HOST: shop-db
  shop-db: {image: "mariadb:11"}
  reports-db: {image: "postgres:16"}
  users:
    build: ./users
    environment:
      DATABASE_URL: postgres://app@users-db:5432/users
  users-db: {image: "postgres:16"}
"""
ORDERS = """
import os
import sqlite3
from pathlib import Path

import pytest

import pymysql
from cassandra.cluster import Cluster
from redis.cluster import RedisCluster
from redis.sentinel import Sentinel

DATA_DIR = Path(os.getenv("DATA_DIR", "/var/lib/orders"))
DB_CONFIG = {"host": os.environ["MYSQL_HOST"], "database": "orders"}


class OrderRepository:
    def __init__(self):
        self.conn = pymysql.connect(**DB_CONFIG)

    def get(self, order_id):
        with self.conn.cursor() as cur:
            cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))


cache = sqlite3.connect(DATA_DIR / "cache.db")
state = sqlite3.connect(os.environ["SQLITE_PATH"])
scratch = sqlite3.connect(":memory:")
session = Cluster([os.getenv("CASSANDRA_HOST", "cassandra")]).connect("events")
sentinel = Sentinel([("redis-sentinel", 26379)])
sentinel.master_for("mymaster").publish("orders.created", "{}")
cluster = RedisCluster(host="redis-cluster", port=6379)
"""

SHOP_CONFIG = """
import os

class Config:
    MYSQL_HOST = os.getenv("MYSQL_HOST", "localhost")
    MYSQL_DB = "shop"
"""
SHOP_APP = """
from flask import Flask
from flask_mysqldb import MySQL
from peewee import *

app = Flask(__name__)
app.config.from_object("config.Config")
mysql = MySQL(app)
reports = PostgresqlDatabase("reports", host="reports-db")
"""

USERS_APP = """
import os

from fastapi import FastAPI
from tortoise.contrib.fastapi import register_tortoise

app = FastAPI()
register_tortoise(app, db_url=os.environ["DATABASE_URL"], modules={"models": ["models"]})
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> ServiceGraph:
    """The repository scanned once: every test reads a different part of one graph."""
    root = tmp_path_factory.mktemp("repo")
    files = {
        "docker-compose.yml": COMPOSE,
        "orders/app.py": ORDERS,
        "shop/config.py": SHOP_CONFIG,
        "shop/app.py": SHOP_APP,
        "users/main.py": USERS_APP,
    }
    write_repo(root, files)
    return scan_repository(root)


def _edge(
    graph: ServiceGraph, target: str, kind: EdgeKind, technology: str, service: str = "orders"
) -> Edge:
    """The edge from ``service`` to datastore ``target``, whose technology is checked."""
    source = Node(NodeKind.SERVICE, service).id
    edge = graph.edge(source, Node(NodeKind.DATASTORE, target).id, kind)
    assert edge is not None, f"no {kind} edge to {target}: {graph.edges_of(source)}"
    node = graph.node(edge.target)
    assert node is not None and node.technology == technology
    return edge


def test_mysql_connection_reaches_the_compose_service_when_the_host_comes_from_a_dict(
    graph: ServiceGraph,
) -> None:
    edge = _edge(graph, "orders-db", EdgeKind.DB, "mysql")
    assert edge.detail["databases"] == frozenset({"orders"})
    assert edge.detail["tables"] == frozenset({"orders"})


def test_sqlite_node_is_named_by_the_file_when_the_directory_is_unknown_or_from_env(
    graph: ServiceGraph,
) -> None:
    _edge(graph, "cache.db", EdgeKind.DB, "sqlite")
    _edge(graph, "state.db", EdgeKind.DB, "sqlite")


def test_in_memory_sqlite_is_no_node_when_connected_with_memory(graph: ServiceGraph) -> None:
    named = {n.name for n in graph.nodes(NodeKind.DATASTORE)}
    assert not any("memory" in name for name in named)


def test_cassandra_cluster_reaches_the_compose_service_when_the_host_has_a_default(
    graph: ServiceGraph,
) -> None:
    edge = _edge(graph, "cassandra", EdgeKind.DB, "cassandra")
    assert edge.detail["databases"] == frozenset({"events"})  # the keyspace


def test_redis_sentinel_and_cluster_are_cache_edges_when_clients_are_built(
    graph: ServiceGraph,
) -> None:
    _edge(graph, "redis-sentinel", EdgeKind.CACHE, "redis")
    _edge(graph, "redis-cluster", EdgeKind.CACHE, "redis")
    source = Node(NodeKind.SERVICE, "orders").id
    published = [e for e in graph.edges(EdgeKind.PUBLISH) if e.source == source]
    assert [e.target for e in published] == [Node(NodeKind.QUEUE, "orders.created").id]


@pytest.mark.parametrize(
    ("service", "target", "technology", "database"),
    [
        ("shop", "shop-db", "mysql", "shop"),
        ("shop", "reports-db", "postgres", "reports"),
        ("users", "users-db", "postgres", "users"),
    ],
)
def test_orm_and_flask_config_reach_their_hosts_when_configured_apart_from_a_connect(
    graph: ServiceGraph, service: str, target: str, technology: str, database: str
) -> None:
    edge = _edge(graph, target, EdgeKind.DB, technology, service=service)
    assert edge.detail["databases"] == frozenset({database})
