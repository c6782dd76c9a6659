"""Kubernetes Ingresses: read from the manifests, drawn as entry nodes with config edges to the
workloads behind their backend Services."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind, NodeKind, Provenance
from scanner import scan_repository
from scanner.config.kubernetes_ingress import kubernetes_ingresses
from scanner.config.yamlfile import load_documents

WORKLOADS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders}
spec:
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers: [{name: orders, image: acme/orders:1}]
---
apiVersion: v1
kind: Service
metadata: {name: orders-svc}
spec: {selector: {app: orders}, ports: [{port: 80, targetPort: 8000}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: payments}
spec:
  template:
    metadata: {labels: {app: payments}}
    spec:
      containers: [{name: payments, image: acme/payments:1}]
---
apiVersion: v1
kind: Service
metadata: {name: payments}
spec: {selector: {app: payments}, ports: [{port: 9000, name: grpc-api}]}
---
apiVersion: v1
kind: Service
metadata: {name: lonely}
spec: {selector: {app: nobody}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: docs}
spec: {type: ExternalName, externalName: docs.example.com}
"""

INGRESS_V1 = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: orders
spec:
  ingressClassName: traefik
  defaultBackend:
    service: {name: docs, port: {number: 443}}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api/orders
            pathType: Prefix
            backend:
              service:
                name: orders-svc
                port: {name: http}
          - path: /missing
            pathType: Exact
            backend:
              service: {name: nowhere, port: {number: 80}}
          - path: /idle
            pathType: Prefix
            backend:
              service: {name: lonely, port: {number: 80}}
          - path: /assets
            pathType: Prefix
            backend:
              resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}
"""

INGRESS_BETA = """\
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: grpc-edge
  annotations:
    kubernetes.io/ingress.class: nginx
    nginx.ingress.kubernetes.io/backend-protocol: GRPC
spec:
  backend: {serviceName: orders-svc, servicePort: 80}
  rules:
    - http:
        paths:
          - path: /payments.Payments
            backend: {serviceName: payments, servicePort: grpc-api}
"""


def _repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def test_v1_and_v1beta1_backends_are_read_with_host_path_and_port() -> None:
    docs = {"k8s/a.yaml": load_documents(INGRESS_V1), "k8s/b.yaml": load_documents(INGRESS_BETA)}
    scan = kubernetes_ingresses(docs)
    orders, edge = scan.ingresses
    assert (orders.name, orders.ingress_class, orders.grpc) == ("orders", "traefik", False)
    assert [(b.service, b.port, b.host, b.path, b.line) for b in orders.backends] == [
        ("docs", "443", None, None, 8),
        ("orders-svc", "http", "shop.example.com", "/api/orders", 17),
        ("nowhere", "80", "shop.example.com", "/missing", 22),
        ("lonely", "80", "shop.example.com", "/idle", 26),
    ]  # the StorageBucket ``resource`` backend leads to no Service
    assert (edge.name, edge.ingress_class, edge.grpc) == ("grpc-edge", "nginx", True)
    assert [(b.service, b.port, b.path) for b in edge.backends] == [
        ("orders-svc", "80", None),
        ("payments", "grpc-api", "/payments.Payments"),
    ]


def test_ingress_draws_config_edges_to_the_workloads_its_services_select(tmp_path: Path) -> None:
    root = _repo(
        tmp_path / "shop",
        {"k8s/app.yaml": WORKLOADS, "k8s/ingress.yaml": INGRESS_V1, "k8s/grpc.yaml": INGRESS_BETA},
    )
    graph = scan_repository(root)
    assert _edges(graph) == {
        ("service:orders-ingress", "service:orders", "http"),  # named apart from Deployment
        ("service:orders-ingress", "external:docs.example.com", "http"),  # ExternalName
        ("service:grpc-edge", "service:orders", "grpc"),
        ("service:grpc-edge", "service:payments", "grpc"),
    }
    node = graph.node("service:orders-ingress")
    assert node is not None and node.kind == NodeKind.SERVICE
    assert node.technology == "kubernetes-ingress" and node.aliases == {"orders"}
    assert node.routes == {"ANY /api/orders", "ANY /missing", "ANY /idle"}
    assert {(e.path, e.line) for e in node.evidence} == {("k8s/ingress.yaml", 1)}
    edge = graph.edge("service:orders-ingress", "service:orders", EdgeKind.HTTP)
    assert edge is not None and edge.provenance == {Provenance.CONFIG}
    assert edge.detail["routes"] == {"ANY /api/orders"}
    assert {(e.path, e.line, e.note) for e in edge.evidence} == {
        ("k8s/ingress.yaml", 17, "ingress orders shop.example.com/api/orders -> orders-svc:http")
    }
    unresolved = sorted(
        (d.line, d.message) for d in graph.diagnostics if d.code == "unresolved-ingress-backend"
    )
    assert [line for line, _ in unresolved] == [22, 26]
    assert "nowhere is declared by no manifest" in unresolved[0][1]
    assert "lonely selects no declared workload" in unresolved[1][1]
    assert graph.node("service:nowhere") is None and graph.node("external:nowhere") is None


def test_overlay_copies_of_an_ingress_add_no_evidence_when_the_base_routes_there(
    tmp_path: Path,
) -> None:
    overlay = INGRESS_V1.replace("shop.example.com", "prod.example.com")
    overlay += "          - path: /pay\n            pathType: Prefix\n            backend:\n"
    overlay += "              service: {name: payments, port: {number: 9000}}\n"
    root = _repo(
        tmp_path / "shop",
        {
            "k8s/base/app.yaml": WORKLOADS,
            "k8s/base/ingress.yaml": INGRESS_V1,
            "k8s/overlays/prod/ingress.yaml": overlay,
        },
    )
    graph = scan_repository(root)
    ingresses = [n for n in graph.nodes() if n.technology == "kubernetes-ingress"]
    assert [n.id for n in ingresses] == ["service:orders-ingress"]
    edge = graph.edge("service:orders-ingress", "service:orders", EdgeKind.HTTP)
    assert edge is not None and {e.path for e in edge.evidence} == {"k8s/base/ingress.yaml"}
    added = graph.edge("service:orders-ingress", "service:payments", EdgeKind.GRPC)
    assert added is not None  # only the copy routes there; its port is the gRPC one
    assert {(e.path, e.line) for e in added.evidence} == {("k8s/overlays/prod/ingress.yaml", 34)}
    lines = [d.line for d in graph.diagnostics if d.code == "unresolved-ingress-backend"]
    assert lines == [22, 26]  # the base's, not repeated for the copy


ROUTES = """\
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop-routes}
spec:
  parentRefs: [{name: public-gateway}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api/orders}}]
      backendRefs: [{name: orders-svc, port: 80}]
    - backendRefs: [{kind: ServiceImport, name: payments}]
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: edge}
spec:
  routes:
    - match: Host(`pay.example.com`) && PathPrefix(`/pay`)
      services: [{name: payments, port: 9000}, {name: canary, kind: TraefikService}]
"""


def test_gateway_http_routes_and_traefik_ingress_routes_are_read_as_ingresses(
    tmp_path: Path,
) -> None:
    scan = kubernetes_ingresses({"k8s/routes.yaml": load_documents(ROUTES)})
    shop, edge = scan.ingresses
    assert (shop.kind, shop.ingress_class) == ("HTTPRoute", "public-gateway")
    assert [(b.service, b.port, b.host, b.path) for b in shop.backends] == [
        ("orders-svc", "80", "shop.example.com", "/api/orders")
    ]  # a ServiceImport is no Service of the manifests
    assert (edge.kind, edge.ingress_class) == ("IngressRoute", "traefik")
    assert [(b.service, b.port, b.host, b.path) for b in edge.backends] == [
        ("payments", "9000", "pay.example.com", "/pay")
    ]  # a TraefikService is no Service
    root = _repo(tmp_path / "shop", {"k8s/app.yaml": WORKLOADS, "k8s/routes.yaml": ROUTES})
    graph = scan_repository(root)
    assert _edges(graph) == {
        ("service:shop-routes", "service:orders", "http"),
        ("service:edge", "service:payments", "grpc"),  # Service port 9000 is named grpc-api
    }
    node = graph.node("service:shop-routes")
    assert node is not None and node.attributes["gateway"] == "public-gateway"
    assert node.attributes["kind"] == "HTTPRoute" and node.routes == {"ANY /api/orders"}
