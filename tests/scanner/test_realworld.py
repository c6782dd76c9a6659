"""Shapes found in public multi-service repositories (see realworld/README.md): each case
lists the edges a careful reader finds and the ones that must not appear."""

from __future__ import annotations

import shutil
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Provenance
from scanner import scan_repository

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def test_clients_built_in_a_sibling_module_give_edges_where_they_are_called() -> None:
    graph = scan_repository(REALWORLD / "client_from_sibling_module")
    assert _edges(graph) == {
        ("service:users", "queue:users", "publish"),
        ("service:api", "service:billing", "http"),
        ("service:api", "queue:orders", "publish"),
    }
    http = graph.edge("service:api", "service:billing", EdgeKind.HTTP)
    assert http is not None
    assert http.detail["routes"] == {"GET /customers/{cid}", "POST /invoices"}
    assert ("api/app/main.py", 11) in {(e.path, e.line) for e in http.evidence}
    kafka = graph.edge("service:users", "queue:users", EdgeKind.PUBLISH)
    assert kafka is not None
    assert {(e.path, e.line) for e in kafka.evidence} == {("users/source/adapters/events.py", 9)}


def test_nameko_reads_resolve_through_the_config_file_when_services_run_with_one() -> None:
    graph = scan_repository(REALWORLD / "nameko_config_yaml")
    assert _edges(graph) == {
        ("service:orders", "datastore:postgres", "db"),
        ("service:orders", "queue:orders.order_created", "publish"),
        ("service:products", "datastore:redis", "cache"),
        ("service:products", "queue:orders.order_created", "consume"),
    }
    db = graph.edge("service:orders", "datastore:postgres", EdgeKind.DB)
    assert db is not None and Provenance.STATIC in db.provenance
    assert db.detail["databases"] == {"orders"}
    assert db.detail["tables"] == {"orders", "order_details"}
    assert {("orders/orders/service.py", 13), ("orders/config.yml", 2)} <= _places(db)
    cache = graph.edge("service:products", "datastore:redis", EdgeKind.CACHE)
    assert cache is not None and Provenance.STATIC in cache.provenance
    assert {("products/products/dependencies.py", 25), ("products/config.yml", 3)} <= _places(cache)
    codes = {d.code for d in graph.diagnostics}
    assert not codes & {"unresolved-address", "tables-without-database"}
    event = graph.node("queue:orders.order_created")
    assert event is not None and event.attributes["broker"] == "rabbit"  # AMQP_URI


def test_nameko_datastore_edges_are_static_when_services_are_built_from_their_code(
    tmp_path: Path,
) -> None:
    root = tmp_path / "nameko"
    shutil.copytree(REALWORLD / "nameko_config_yaml", root)
    compose = root / "docker-compose.yml"
    text = compose.read_text().replace(
        "image: nameko/nameko-example-orders:latest", "build: ./orders"
    )
    compose.write_text(
        text.replace("image: nameko/nameko-example-products:latest", "build: ./products")
    )
    graph = scan_repository(root)
    for source, target, kind in [
        ("service:orders", "datastore:postgres", EdgeKind.DB),
        ("service:products", "datastore:redis", EdgeKind.CACHE),
    ]:
        edge = graph.edge(source, target, kind)
        assert edge is not None and Provenance.STATIC in edge.provenance, (source, target)


def test_redis_om_models_use_the_redis_their_connection_names_as_a_database() -> None:
    graph = scan_repository(REALWORLD / "redis_om_streams")
    store = "datastore:redis-11844.c135.eu-central-1-1.ec2.cloud.redislabs.com"
    assert {e for e in _edges(graph) if e[1].startswith("datastore:")} == {
        ("service:inventory", store, "db"),
        ("service:payment", store, "db"),
    }
    node = graph.node(store)
    assert node is not None and node.technology == "redis"
    inventory = graph.edge("service:inventory", store, EdgeKind.DB)
    assert inventory is not None
    # the connection, the model, and a use in a module that never imports redis_om
    assert {
        ("inventory/main.py", 14),
        ("inventory/main.py", 22),
        ("inventory/consumer.py", 20),
    } <= (_places(inventory))


def test_redis_om_connections_publish_and_consume_streams_when_used_as_redis_clients() -> None:
    graph = scan_repository(REALWORLD / "redis_om_streams")
    assert {e for e in _edges(graph) if e[1].startswith("queue:")} == {
        ("service:payment", "queue:order_completed", "publish"),
        ("service:inventory", "queue:order_completed", "consume"),
        ("service:inventory", "queue:refund_order", "publish"),
        ("service:payment", "queue:refund_order", "consume"),
    }


def _places(edge: Edge) -> set[tuple[str | None, int | None]]:
    return {(e.path, e.line) for e in edge.evidence}


def test_services_built_from_one_directory_share_the_database_their_entries_import() -> None:
    graph = scan_repository(REALWORLD / "compose_command_entry_scripts")
    assert _edges(graph) == {
        ("service:backend", "queue:main", "publish"),
        ("service:main-queue", "queue:main", "consume"),
        ("service:main-backend", "queue:admin", "publish"),
        ("service:queue", "queue:admin", "consume"),
        ("service:main-backend", "service:backend", "http"),
        ("service:backend", "datastore:db", "db"),
        ("service:queue", "datastore:db", "db"),  # django.setup() reaches admin.settings
        ("service:main-backend", "datastore:main-db", "db"),
        ("service:main-queue", "datastore:main-db", "db"),  # from main import db
    }
    admin_queue = graph.edge("service:queue", "datastore:db", EdgeKind.DB)
    assert admin_queue is not None and admin_queue.detail["databases"] == {"admin"}
    assert ("admin/admin/settings.py", 25) in _places(admin_queue)
    main_queue = graph.edge("service:main-queue", "datastore:main-db", EdgeKind.DB)
    assert main_queue is not None and main_queue.detail["databases"] == {"main"}
    assert _places(main_queue) == {("main/main.py", 14)}


def test_route_keeps_its_segments_after_an_unknown_one_when_the_call_is_an_f_string() -> None:
    graph = scan_repository(REALWORLD / "unknown_url_segment_query_cut")
    edge = graph.edge("service:web", "service:exp", EdgeKind.HTTP)
    assert edge is not None
    assert edge.detail["routes"] == {
        "GET /v1/users/{pk}/",
        "GET /api/v1/authenticate/{auth}",
        "GET /v1/carpools/{carpool_pk}/passengers",
    }


def test_kafka_topics_resolve_through_an_env_wrapper_when_the_producer_is_set_globally() -> None:
    graph = scan_repository(REALWORLD / "kafka_send_helper_env_wrapper")
    assert _edges(graph) == {
        ("service:orchestrator", "queue:orders", "consume"),
        ("service:orchestrator", "queue:inventory.events", "consume"),
        ("service:orchestrator", "queue:payment.events", "consume"),
        ("service:orchestrator", "queue:inventory.commands", "publish"),
        ("service:orchestrator", "queue:payments.commands", "publish"),
        ("service:orchestrator", "queue:orchestrator.events", "publish"),
        ("service:payment-service", "queue:payments.commands", "consume"),
        ("service:payment-service", "queue:payment.events", "publish"),
    }
    publish = graph.edge("service:orchestrator", "queue:payments.commands", EdgeKind.PUBLISH)
    assert publish is not None
    assert ("services/orchestrator/app.py", 195) in _places(publish)
    consume = graph.edge("service:orchestrator", "queue:orders", EdgeKind.CONSUME)
    assert consume is not None
    assert ("services/orchestrator/app.py", 46) in _places(consume)
    assert not {d.code for d in graph.diagnostics} & {"unresolved-destination"}
    assert not [n for n in graph.nodes() if n.name in ("localhost", "host.docker.internal")]


def test_link_aliases_and_es_host_dicts_name_the_compose_services_when_reached_by_alias() -> None:
    graph = scan_repository(REALWORLD / "compose_links_es_host_dicts")
    assert _edges(graph) == {
        ("service:model", "datastore:mysql", "db"),
        ("service:exp", "datastore:es", "db"),
    }
    mysql = graph.edge("service:model", "datastore:mysql", EdgeKind.DB)
    assert mysql is not None and mysql.detail["databases"] == {"cs4501"}
    assert ("model/model/settings.py", 67) in _places(mysql)
    search = graph.node("datastore:es")
    assert search is not None and search.technology == "elasticsearch"
    es = graph.edge("service:exp", "datastore:es", EdgeKind.DB)
    assert es is not None and ("exp/api/views.py", 6) in _places(es)
    assert graph.node("datastore:db") is None and graph.node("external:es") is None
    assert "unresolved-address" not in {d.code for d in graph.diagnostics}


def test_image_only_services_own_their_mounted_code_when_commands_say_where_it_runs() -> None:
    graph = scan_repository(REALWORLD / "image_only_mounted_code")
    assert _edges(graph) == {
        ("service:orchestrator", "queue:orders", "consume"),
        ("service:orchestrator", "queue:inventory.events", "consume"),
        ("service:orchestrator", "queue:payment.events", "consume"),
        ("service:inventory-service", "queue:inventory.commands", "consume"),
        ("service:exp", "queue:new-listings-topic", "publish"),
        ("service:batch", "queue:new-listings-topic", "consume"),
    }
    paths = {n.name: n.path for n in graph.nodes() if n.kind.value == "service"}
    assert paths == {
        "orchestrator": "DistributedTxLab/services/orchestrator",
        "inventory-service": "DistributedTxLab/services/inventory-service",
        "exp": "marketplace/exp",
        "batch": "marketplace/exp",
    }
    consume = graph.edge("service:batch", "queue:new-listings-topic", EdgeKind.CONSUME)
    assert consume is not None and _places(consume) == {("marketplace/exp/api/indexer.py", 10)}
    publish = graph.edge("service:exp", "queue:new-listings-topic", EdgeKind.PUBLISH)
    assert publish is not None and _places(publish) == {("marketplace/exp/api/views.py", 13)}
    exp = graph.node("service:exp")
    assert exp is not None and "language" not in exp.attributes  # tp33/django runs our code


def test_separate_compose_projects_link_through_named_env_files_when_built_from_parents() -> None:
    graph = scan_repository(REALWORLD / "compose_parent_context_env_file_names")
    edges = _edges(graph)
    assert {
        ("service:worker-a", "queue:worker-a-queue", "consume"),
        ("service:worker-a", "queue:worker-b-queue", "publish"),
        ("service:service-a", "service:service-b", "grpc"),
        ("service:service-d", "datastore:postgres", "db"),
    } <= edges
    assert not {t for _, t, _ in edges} & {"queue:celery", "service:postgres"}
    paths = {n.name: n.path for n in graph.nodes() if n.id.startswith("service:")}
    assert paths["worker-a"] == "microservices-on-celery/WorkerA/app"
    assert paths["service-b"] == "microservices-with-grpc/ServiceB/app"
    assert paths["service-d"] == "microservices-with-grpc/ServiceD/app"
    assert "microservices-on-celery" not in paths
    postgres = graph.node("datastore:postgres")
    assert postgres is not None and postgres.technology == "postgres"
    consume = graph.edge("service:worker-a", "queue:worker-a-queue", EdgeKind.CONSUME)
    assert consume is not None and consume.detail["tasks"] == {"tasks.task_a"}
    publish = graph.edge("service:worker-a", "queue:worker-b-queue", EdgeKind.PUBLISH)
    assert publish is not None and publish.detail["tasks"] == {"tasks.task_b"}
    codes = {d.code for d in graph.diagnostics}
    assert not codes & {"missing-env-file", "unresolved-queue", "unresolved-address"}


def test_each_call_goes_where_its_own_url_points_when_one_local_is_reassigned() -> None:
    graph = scan_repository(REALWORLD / "reassigned_local_url")
    assert _edges(graph) == {
        ("service:frontend", "service:balancereader", "http"),
        ("service:frontend", "service:transactionhistory", "http"),
        ("service:frontend", "service:contacts", "http"),
    }
    code = "src/frontend/frontend.py"
    for target, route, line in (
        # the reduction unpacks literal ids (the origin reads them from a token)
        ("balancereader", "GET /balances/1011226111", 25),
        ("transactionhistory", "GET /transactions/1011226111", 34),
        ("contacts", "GET /contacts/testuser", 43),
    ):
        edge = graph.edge("service:frontend", f"service:{target}", EdgeKind.HTTP)
        assert edge is not None and edge.detail["routes"] == {route}
        assert {place for place in _places(edge) if place[0] == code} == {(code, line)}
    assert not {d.code for d in graph.diagnostics} & {"unresolved-url"}


def test_flask_config_items_and_driver_rewrites_resolve_when_manifests_name_the_targets() -> None:
    graph = scan_repository(REALWORLD / "flask_app_config_lost_manifest_edge")
    assert _edges(graph) == {
        ("service:frontend", "service:ledgerwriter", "http"),
        ("service:frontend", "service:balancereader", "http"),
        ("service:frontend", "service:userservice", "http"),
        ("service:order-service", "datastore:order-db", "db"),
    }
    for target, route, line in (
        ("ledgerwriter", "POST /transactions", 14),
        ("balancereader", "GET /balances/{account_id}", 22),
        ("userservice", "GET /login", 26),
    ):
        edge = graph.edge("service:frontend", f"service:{target}", EdgeKind.HTTP)
        assert edge is not None and edge.detail["routes"] == {route}
        assert ("frontend/frontend.py", line) in _places(edge)
    db = graph.edge("service:order-service", "datastore:order-db", EdgeKind.DB)
    assert db is not None and db.detail["databases"] == {"orders"}
    assert ("order-service/app/db/session.py", 13) in _places(db)
    codes = {d.code for d in graph.diagnostics}
    assert not codes & {"unresolved-url", "unresolved-address"}


def test_grpc_stub_on_localhost_reaches_the_only_service_serving_it_when_nothing_publishes() -> (
    None
):
    graph = scan_repository(REALWORLD / "grpc_localhost_single_servicer")
    assert _edges(graph) == {("service:fastapi-app", "service:grpc-demo", "grpc")}
    edge = graph.edge("service:fastapi-app", "service:grpc-demo", EdgeKind.GRPC)
    assert edge is not None
    assert edge.detail["methods"] == {"userservice.UserService/ValidateToken"}


def test_localhost_on_the_callers_own_container_port_is_a_self_call_not_another_service() -> None:
    graph = scan_repository(REALWORLD / "localhost_own_port_in_container")
    assert _edges(graph) == set()
    assert any(d.code == "self-call" for d in graph.diagnostics)


def test_localhost_default_of_a_datastore_host_is_the_projects_only_server_of_that_kind() -> None:
    for case in ("localhost_default_datastore_host", "localhost_default_datastore_reassigned"):
        graph = scan_repository(REALWORLD / case)
        assert _edges(graph) == {("service:api", "datastore:postgres", "db")}, case


def test_queue_bound_to_an_exchange_and_fed_directly_reaches_its_consumer_both_ways() -> None:
    graph = scan_repository(REALWORLD / "rabbitmq_bound_queue_fed_directly")
    assert _edges(graph) == {
        ("service:financial", "queue:OrderExchange", "consume"),
        ("service:financial", "queue:FinancialQueue", "consume"),
        ("service:warehouse", "queue:FinancialQueue", "publish"),
    }


def test_celery_task_bodies_run_in_the_worker_of_a_django_project() -> None:
    graph = scan_repository(REALWORLD / "celery_task_bodies_django")
    assert _edges(graph) == {
        ("service:web", "datastore:db", "db"),
        ("service:web", "queue:celery", "publish"),
        ("service:worker", "datastore:db", "db"),
        ("service:worker", "queue:celery", "consume"),
        ("service:worker", "queue:celery", "publish"),
        ("service:worker", "service:billing", "http"),
    }
    publish = graph.edge("service:web", "queue:celery", EdgeKind.PUBLISH)
    assert publish is not None
    assert {(e.path, e.line) for e in publish.evidence} == {("app/signals.py", 10)}


def test_celery_task_bodies_are_not_shared_with_the_web_app_that_enqueues_them() -> None:
    graph = scan_repository(REALWORLD / "celery_task_bodies_plain")
    edges = _edges(graph)
    assert ("service:worker", "service:billing", "http") in edges
    assert ("service:web", "service:billing", "http") not in edges
    assert ("service:web", "queue:celery", "publish") in edges


def test_celery_result_backend_is_used_by_the_web_app_and_the_worker() -> None:
    graph = scan_repository(REALWORLD / "celery_result_backend")
    assert _edges(graph) == {
        ("service:web", "queue:celery", "publish"),
        ("service:worker", "queue:celery", "consume"),
        ("service:web", "datastore:redis", "cache"),
        ("service:worker", "datastore:redis", "cache"),
    }


def test_aio_pika_exchange_declared_at_start_up_is_named_where_it_is_declared() -> None:
    graph = scan_repository(REALWORLD / "aio_pika_exchange_injected")
    assert _edges(graph) == {
        ("service:order_service", "queue:asyncflow.exchange", "publish"),
        ("service:billing_service", "queue:asyncflow.exchange", "publish"),
        ("service:billing_service", "queue:asyncflow.exchange", "consume"),
    }


def test_a_services_own_namespace_package_is_not_another_services_code() -> None:
    graph = scan_repository(REALWORLD / "namespace_src_package")
    assert not any(e.kind == EdgeKind.IMPORT for e in graph.edges())


def test_scripts_the_images_run_tell_apart_services_built_from_one_image() -> None:
    graph = scan_repository(REALWORLD / "cookiecutter_django_scripts")
    assert _edges(graph) == {
        ("service:django", "datastore:postgres", "db"),
        ("service:django", "datastore:redis", "cache"),
        ("service:django", "queue:celery", "publish"),
        ("service:celeryworker", "datastore:postgres", "db"),
        ("service:celeryworker", "datastore:redis", "cache"),
        ("service:celeryworker", "queue:celery", "consume"),
        ("service:traefik", "service:django", "http"),
        ("service:traefik", "service:flower", "http"),
    }
    database = graph.edge("service:django", "datastore:postgres", EdgeKind.DB)
    assert database is not None
    assert ("compose/production/django/entrypoint", 11) in {
        (e.path, e.line) for e in database.evidence
    }


def test_django_engine_read_from_the_environment_is_resolved_with_the_service_env() -> None:
    graph = scan_repository(REALWORLD / "django_engine_from_env")
    assert _edges(graph) == {("service:web", "datastore:db", "db")}
    edge = graph.edge("service:web", "datastore:db", EdgeKind.DB)
    assert edge is not None
    assert edge.detail["databases"] == {"hello_django_dev"}


def test_database_url_built_by_pydantic_in_a_settings_property_reaches_the_compose_db() -> None:
    graph = scan_repository(REALWORLD / "pydantic_dsn_settings_property")
    assert _edges(graph) == {("service:backend", "datastore:db", "db")}
    edge = graph.edge("service:backend", "datastore:db", EdgeKind.DB)
    assert edge is not None
    assert edge.detail["databases"] == {"app"}


def test_a_workload_runs_the_code_directory_its_manifest_lies_in_whatever_its_name() -> None:
    graph = scan_repository(REALWORLD / "k8s_manifest_in_service_dir")
    assert _edges(graph) == {
        ("service:auth", "datastore:postgres", "db"),
        ("service:gateway", "service:auth", "http"),
    }
    assert graph.node("service:auth-service") is None


def test_vendor_sdks_reach_their_api_hosts() -> None:
    graph = scan_repository(REALWORLD / "vendor_sdk_implicit_host")
    assert _edges(graph) == {
        ("service:payment", "external:api.stripe.com", "http"),
        ("service:payment", "external:api.sendgrid.com", "http"),
    }


def test_flask_pymongo_given_its_uri_at_the_call_reaches_the_mongo() -> None:
    graph = scan_repository(REALWORLD / "flask_pymongo_uri_kwarg")
    assert _edges(graph) == {("service:gw", "datastore:mongo", "db")}


def test_nats_subject_built_at_run_time_reaches_the_wildcard_subscription_covering_it() -> None:
    graph = scan_repository(REALWORLD / "nats_runtime_subject")
    assert _edges(graph) == {
        ("service:publisher", "queue:events.*.*", "publish"),
        ("service:consumer", "queue:events.*.*", "consume"),
    }


def test_bound_queue_named_by_the_environment_reaches_its_direct_publisher() -> None:
    graph = scan_repository(REALWORLD / "rabbitmq_bound_queue_from_env")
    assert _edges(graph) == {
        ("service:financial", "queue:OrderExchange", "consume"),
        ("service:financial", "queue:FinancialQueue", "consume"),
        ("service:warehouse", "queue:FinancialQueue", "publish"),
    }


def test_an_environment_read_tested_for_none_takes_the_other_branch_as_its_default() -> None:
    graph = scan_repository(REALWORLD / "env_read_in_the_test")
    assert _edges(graph) == {("service:productpage", "service:details", "http")}
    edge = graph.edge("service:productpage", "service:details", EdgeKind.HTTP)
    assert edge is not None and edge.detail["routes"] == {"GET /details/0"}


def test_settings_field_a_validator_builds_from_the_other_fields_reaches_the_database() -> None:
    graph = scan_repository(REALWORLD / "pydantic_validator_builds_dsn")
    assert _edges(graph) == {("service:backend", "datastore:db", "db")}
    edge = graph.edge("service:backend", "datastore:db", EdgeKind.DB)
    assert edge is not None and edge.detail["databases"] == {"app"}
