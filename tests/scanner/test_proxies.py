"""Reverse proxies: nginx and Envoy routes read from their configuration, and drawn as
``config`` edges from the proxy service that runs the configuration."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, Provenance
from scanner import scan_repository
from scanner.config.proxies import (
    caddy_routes,
    envoy_routes,
    is_traefik,
    parse_nginx,
    traefik_routes,
)
from scanner.config.yamlfile import load_documents
from tests.scanner.repo_files import write_repo

REPO = Path(__file__).parent / "repos" / "proxies"

NGINX = """\
upstream api_pool {
    server orders:8000 max_fails=3;
    server orders-2:8000 backup;
    server unix:/run/local.sock;
}
server {
    set $pay payments:9000;
    location /api/ { proxy_pass http://api_pool/; }
    location = /pay { proxy_pass http://$pay; }
    location "/grpc" { grpc_pass grpc://inventory:50051; }
    location /dyn { proxy_pass http://$upstream_host; }
    location /php { fastcgi_pass unix:/run/php.sock; }
    location /static { root /srv; }  # proxy_pass http://commented:1;
    location /tpl { proxy_pass http://${BACKEND_HOST}:8000; }
}
"""


def _targets(text: str) -> list[tuple[str, int | None, int]]:
    return [(r.host, r.port, r.line) for r in parse_nginx(text, "nginx.conf").routes]


def test_upstream_blocks_expand_to_their_servers_when_proxy_pass_names_one() -> None:
    assert _targets(NGINX)[:2] == [("orders", 8000, 2), ("orders-2", 8000, 3)]


def test_set_variables_and_grpc_pass_resolve_when_the_config_defines_them() -> None:
    targets = _targets(NGINX)
    assert ("payments", 9000, 9) in targets
    assert ("inventory", 50051, 10) in targets
    assert "commented" not in {t[0] for t in targets}


def test_runtime_variables_are_reported_when_a_target_cannot_be_resolved() -> None:
    parsed = parse_nginx(NGINX, "nginx.conf")
    lines = sorted(d.line or 0 for d in parsed.diagnostics)
    assert lines == [11, 14]  # $upstream_host and the template's ${BACKEND_HOST}; sockets quiet
    assert all(d.code == "unresolved-proxy-target" for d in parsed.diagnostics)


def test_garbage_gives_a_diagnostic_and_what_came_before_when_nginx_config_is_broken() -> None:
    parsed = parse_nginx('server { proxy_pass http://a:1; }\n}\nproxy_pass "x', "bad.conf")
    assert [(r.host, r.port) for r in parsed.routes] == [("a", 1)]
    assert [d.code for d in parsed.diagnostics] == ["invalid-proxy-config"]
    assert parse_nginx("\x00\x01 {{{ ;;; }", "bin.conf").routes == []


ENVOY = """
static_resources:
  clusters:
    - name: orders
      load_assignment:
        endpoints:
          - lb_endpoints:
              - endpoint: {address: {socket_address: {address: orders, port_value: 8000}}}
              - endpoint: {address: {socket_address: {address: Orders-2, port_value: 8000}}}
    - name: legacy
      hosts: [{socket_address: {address: payments, port_value: 9000}}]
    - name: broken
      load_assignment: {endpoints: [{lb_endpoints: [{endpoint: {}}]}]}
"""


def test_envoy_static_clusters_give_their_endpoints_when_in_either_form() -> None:
    [doc] = load_documents(ENVOY)
    routes = envoy_routes(doc, "envoy.yaml")
    assert [(r.host, r.port) for r in routes] == [
        ("orders", 8000),
        ("orders-2", 8000),
        ("payments", 9000),
    ]
    assert routes[0].note == "envoy cluster orders -> orders:8000"


TRAEFIK = """
http:
  routers:
    api: {rule: "PathPrefix(`/api`)", service: api}
  services:
    api:
      loadBalancer:
        servers:
          - url: http://api:8000
          - url: "http://api-2:8000/"
    broken:
      loadBalancer: {servers: [{}]}
tcp:
  services:
    db:
      loadBalancer:
        servers: [{address: "postgres:5432"}]
"""


def test_traefik_file_provider_services_give_their_servers_for_http_and_tcp() -> None:
    [doc] = load_documents(TRAEFIK)
    assert is_traefik(doc)
    routes = traefik_routes(doc, "traefik.yml")
    assert [(r.host, r.port, r.line) for r in routes] == [
        ("api", 8000, 9),  # the text starts with a newline: line 1 is empty
        ("api-2", 8000, 10),
        ("postgres", 5432, 17),
    ]
    assert routes[0].note == "traefik service api -> http://api:8000"


def _scan() -> ServiceGraph:
    return scan_repository(REPO)


def _edges(graph: ServiceGraph) -> set[tuple[str, str]]:
    return {(e.source, e.target) for e in graph.edges()}


def test_mounted_nginx_config_gives_config_edges_when_compose_runs_the_proxy() -> None:
    graph = _scan()
    edges = _edges(graph)
    for target in ("service:orders", "service:payments", "service:ws", "external:api.stripe.com"):
        assert ("service:nginx", target) in edges
    edge = graph.edge("service:nginx", "service:orders", EdgeKind.HTTP)
    assert edge is not None and edge.provenance == {Provenance.CONFIG}
    assert {(e.path, e.line) for e in edge.evidence} == {
        ("nginx/nginx.conf", 5),  # the upstream's server line
        ("nginx/conf.d/broken.conf", 3),  # read up to where it breaks
    }


def test_envoy_config_in_the_build_directory_gives_edges_when_the_image_is_envoy() -> None:
    edges = _edges(_scan())
    assert ("service:edge", "service:orders") in edges
    assert ("service:edge", "service:payments") in edges


def test_local_and_unused_configs_draw_nothing_when_no_proxy_runs_them() -> None:
    graph = _scan()
    sources = {e.source for e in graph.edges()}
    assert sources == {"service:nginx", "service:edge", "service:proxy"}  # not ops/legacy
    codes = {(d.path, d.code) for d in graph.diagnostics}
    assert ("ops/legacy/site.conf", "proxy-unused") in codes
    assert ("nginx/conf.d/broken.conf", "invalid-proxy-config") in codes
    assert all("127.0.0.1" not in n.name for n in graph.nodes())


def test_kubernetes_nginx_routes_come_from_its_configmap_when_mounted_as_a_volume() -> None:
    graph = scan_repository(REPO.parent / "k8s_polyglot")
    edge = graph.edge("service:gateway", "service:orders-api", EdgeKind.HTTP)
    assert edge is not None and edge.provenance == {Provenance.CONFIG}
    assert {(e.path, e.line) for e in edge.evidence} == {("k8s/base/gateway.yaml", 9)}
    assert graph.edge("service:gateway", "service:frontend", EdgeKind.HTTP) is not None


def test_traefik_routes_to_labelled_services_when_their_labels_enable_it() -> None:
    graph = scan_repository(REPO)
    edge = graph.edge("service:proxy", "service:orders", EdgeKind.HTTP)
    assert edge is not None and edge.provenance == {Provenance.CONFIG}
    [evidence] = edge.evidence
    assert (evidence.path, evidence.line) == ("docker-compose.yml", 17)  # the router rule
    assert graph.edge("service:proxy", "service:payments", EdgeKind.HTTP) is None  # disabled


def test_legacy_link_alias_names_the_linked_service_when_declared() -> None:
    orders = scan_repository(REPO).node("service:orders")
    assert orders is not None and "orders-legacy" in orders.aliases


def test_scan_goes_on_when_proxy_and_manifest_files_are_malformed(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: nginx\n    volumes: ['./nginx.conf:/etc/nginx/nginx.conf']\n"
        "    ports: [{target: x}, '::::', 80]\n    labels: [traefik]\n    links: [{a: b}]\n"
        "  envoy:\n    build: ./envoy\n"
    )
    (tmp_path / "nginx.conf").write_text("proxy_pass http://web:80; }}} {{ 'x")
    (tmp_path / "envoy").mkdir()
    (tmp_path / "envoy" / "Dockerfile").write_text("FROM envoyproxy/envoy\nENV\nARG =\n")
    (tmp_path / "envoy" / "envoy.yaml").write_text(
        "static_resources:\n  clusters: [x, {name: 1, hosts: 2}, {load_assignment: []}]\n"
    )
    (tmp_path / "k8s.yaml").write_text(
        "kind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n"
        "      volumes: [x, {configMap: 3}]\n      containers: [{ports: 1, readinessProbe: 2}]\n"
    )
    graph = scan_repository(tmp_path)
    assert {n.name for n in graph.nodes()} >= {"web", "envoy", "d"}
    assert "invalid-proxy-config" in {d.code for d in graph.diagnostics}


def test_proxy_depends_on_is_start_up_order_when_its_config_says_where_it_sends(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  nginx:\n    image: nginx:1.27\n    volumes: ['./nginx.conf:/etc/nginx/nginx.conf']\n"
            "    depends_on: [users, resumes]\n"
            "  users:\n    build: ./users\n"
            "  resumes:\n    build: ./resumes\n"
        ),
        "nginx.conf": "server {\n    location / { proxy_pass http://users:8000; }\n}\n",
        "users/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "resumes/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
    }
    write_repo(tmp_path, files)
    graph = scan_repository(tmp_path)
    assert {(e.source, e.target) for e in graph.edges()} == {("service:nginx", "service:users")}


def test_tool_container_depends_on_draws_no_edge_when_it_only_waits_for_a_service(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  certbot:\n    image: certbot/certbot\n    depends_on: [web]\n"
            "  frontend:\n    image: node:20\n    depends_on: [web]\n"
            "  web:\n    build: ./web\n"
        ),
        "web/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
    }
    write_repo(tmp_path, files)
    graph = scan_repository(tmp_path)
    assert {(e.source, e.target) for e in graph.edges()} == {("service:frontend", "service:web")}


def test_tool_and_coordinator_containers_are_nodes_only_when_something_calls_them(
    tmp_path: Path,
) -> None:
    """Admin UIs, monitoring and Kafka's ZooKeeper run beside the system, not in it: no
    node of their own, unless a route or a call reaches them (grafana behind nginx)."""
    files = {
        "docker-compose.yml": (
            "services:\n"
            "  nginx:\n    image: nginx:1.27\n    volumes: ['./nginx.conf:/etc/nginx/nginx.conf']\n"
            "  grafana:\n    image: grafana/grafana:11.0.0\n"
            "  portainer:\n    image: portainer/portainer-ce:2.20\n"
            "  adminer:\n    image: adminer\n    depends_on: [db]\n"
            "  zookeeper:\n    image: confluentinc/cp-zookeeper:7.6.0\n"
            "  kafka:\n    image: confluentinc/cp-kafka:7.6.0\n    depends_on: [zookeeper]\n"
            "  db:\n    image: postgres:16\n"
            "  web:\n    build: ./web\n    depends_on: [db, kafka]\n"
        ),
        "nginx.conf": "server {\n    location /grafana/ { proxy_pass http://grafana:3000; }\n}\n",
        "web/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
    }
    write_repo(tmp_path, files)
    graph = scan_repository(tmp_path)
    nodes = {n.id for n in graph.nodes()}
    assert {"service:grafana", "service:nginx", "service:web", "datastore:db"} <= nodes
    assert not {"service:portainer", "service:adminer", "service:zookeeper"} & nodes
    assert ("service:nginx", "service:grafana") in {(e.source, e.target) for e in graph.edges()}


CADDYFILE = """
example.com {
    reverse_proxy /api/* api:8000 api-2:8000  # two upstreams
    handle_path /app/* {
        reverse_proxy {
            to http://web:3000
            lb_policy round_robin
        }
    }
    reverse_proxy {env.UPSTREAM}:9000
    file_server
}
"""


def test_caddy_reverse_proxy_upstreams_are_read_inline_and_from_to_lines() -> None:
    routes = caddy_routes(CADDYFILE, "Caddyfile")
    assert [(r.host, r.port, r.line) for r in routes] == [
        ("api", 8000, 3),
        ("api-2", 8000, 3),
        ("web", 3000, 6),
    ]


def test_mounted_caddyfile_gives_config_edges_when_compose_runs_caddy(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  caddy:\n    image: caddy:2\n"
        "    volumes: [./Caddyfile:/etc/caddy/Caddyfile]\n"
        "  api: {build: ./api}\n"
    )
    (tmp_path / "Caddyfile").write_text(CADDYFILE)
    (tmp_path / "api").mkdir()
    (tmp_path / "api/main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    graph = scan_repository(tmp_path)
    assert ("service:caddy", "service:api") in _edges(graph)
