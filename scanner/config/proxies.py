"""Reverse-proxy configuration: where nginx and Envoy send the traffic they receive.

nginx: ``proxy_pass``, ``grpc_pass``, ``uwsgi_pass`` and ``fastcgi_pass`` targets, with a
target naming an ``upstream`` block expanded to that block's ``server`` entries, and
variables set by ``set $name value;`` substituted (a target still holding a variable is
reported, not guessed). ``${VAR}`` placeholders of the official image's ``*.conf.template``
files are left as they are (their values live in the container's environment). Envoy:
every static cluster's endpoints (``load_assignment`` and the older ``hosts`` list).

The nginx reader is a tokenizer, not a full parser: it tracks ``{``/``}`` blocks, quotes
and comments, so odd but valid files still yield their targets; a file that does not
tokenize (an unclosed quote or brace) gives a diagnostic and whatever was read before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from catalog_api.model import Diagnostic, Severity
from scanner.config.yamlfile import Y

PASS_DIRECTIVES = frozenset({"proxy_pass", "grpc_pass", "uwsgi_pass", "fastcgi_pass"})
_TOKEN = re.compile(
    r"""\s+|#[^\n]*|([{};])|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'"""
    r"""|((?:\$\{[^}\s]*\}|[^\s{};"'#])+)"""
)
_MAX_TOKENS = 200_000  # a generated file of this size is not a hand-written proxy config


@dataclass(frozen=True, slots=True)
class ProxyRoute:
    """One place a proxy forwards to: a host and port, and where the config says so."""

    host: str
    port: int | None
    path: str
    line: int
    note: str


@dataclass
class ProxyConfig:
    routes: list[ProxyRoute] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def looks_like_nginx(text: str) -> bool:
    return any(directive in text for directive in PASS_DIRECTIVES)


def parse_nginx(text: str, path: str) -> ProxyConfig:
    """The targets an nginx configuration file proxies to."""
    found = ProxyConfig()
    statements, problem = _statements(text)
    if problem is not None:
        line, reason = problem
        message = f"nginx config not fully read: {reason}"
        found.diagnostics.append(
            Diagnostic(path, line, Severity.INFO, "invalid-proxy-config", message)
        )
    upstreams: dict[str, list[tuple[str, int]]] = {}
    variables: dict[str, str] = {}
    for line, context, words in statements:
        if context and context[-1][0] == "upstream" and words[0] == "server" and len(words) > 1:
            upstreams.setdefault(context[-1][1], []).append((words[1], line))
        elif words[0] == "set" and len(words) >= 3:
            variables[words[1].lstrip("$")] = words[2]
    for line, context, words in statements:
        if words[0] not in PASS_DIRECTIVES or len(words) < 2:
            continue
        location = next((arg for name, arg in reversed(context) if name == "location"), "")
        note = f"{' '.join(words)}" + (f" (location {location})" if location else "")
        target = re.sub(r"\$(\w+)", lambda m: variables.get(m.group(1), m.group(0)), words[1])
        for address, where in _expand(target, line, upstreams):
            if address.startswith("unix:"):
                continue  # a socket in the same container: no other service
            route = _route(address, path, where, note)
            if route is None:
                message = f"{note}: target {target} not resolved (set at run time)"
                found.diagnostics.append(
                    Diagnostic(path, line, Severity.INFO, "unresolved-proxy-target", message)
                )
            else:
                found.routes.append(route)
    return found


def _expand(
    target: str, line: int, upstreams: dict[str, list[tuple[str, int]]]
) -> Iterator[tuple[str, int]]:
    """The target itself, or the servers of the upstream block it names."""
    host = _split(target)[0]
    servers = upstreams.get(host or "")
    if servers:
        yield from servers
    else:
        yield target, line


def _route(address: str, path: str, line: int, note: str) -> ProxyRoute | None:
    if "$" in address.split("/", 3)[:3][-1]:
        return None
    host, port = _split(address)
    if host is None:
        return None
    return ProxyRoute(host.lower(), port, path, line, note)


def _split(address: str) -> tuple[str | None, int | None]:
    text = address if "://" in address else f"tcp://{address}"
    try:
        parts = urlsplit(text)
        return parts.hostname, parts.port
    except ValueError:
        return None, None


# line, enclosing blocks (directive and last argument: a location's path), words
Statement = tuple[int, list[tuple[str, str]], list[str]]


def _statements(text: str) -> tuple[list[Statement], tuple[int, str] | None]:
    """Every simple directive with its line and the blocks around it (name, first arg)."""
    out: list[Statement] = []
    context: list[tuple[str, str]] = []
    words: list[str] = []
    start, position, line = 1, 0, 1
    for count, match in enumerate(_TOKEN.finditer(text)):
        if match.start() != position or count > _MAX_TOKENS:
            return out, (line, "unbalanced quote" if count <= _MAX_TOKENS else "file too large")
        line += text.count("\n", position, match.end())
        position = match.end()
        punctuation, word = match.group(1), _word(match)
        if word is not None:
            start = start if words else line
            words.append(word)
        elif punctuation == ";" and words:
            out.append((start, list(context), words))
            words = []
        elif punctuation == "{":
            context.append((words[0] if words else "", words[-1] if len(words) > 1 else ""))
            words = []
        elif punctuation == "}":
            if not context:
                return out, (line, "unexpected }")
            context.pop()
            words = []
    if position != len(text):
        return out, (line, "unbalanced quote")
    if context:
        return out, (line, "unclosed {")
    return out, None


def _word(match: re.Match[str]) -> str | None:
    for group in (2, 3, 4):
        if match.group(group) is not None:
            return match.group(group)
    return None


def envoy_routes(doc: Y, path: str) -> list[ProxyRoute]:
    """The endpoints of an Envoy bootstrap's static clusters."""
    clusters = _at(doc, "static_resources", "clusters")
    found: list[ProxyRoute] = []
    for cluster in clusters.elements() if clusters is not None else []:
        name = (cluster.get("name") or Y(None, 0)).text or "?"
        for socket in _sockets(cluster):
            host = (socket.get("address") or Y(None, 0)).text
            port_text = (socket.get("port_value") or Y(None, 0)).text or ""
            if host:
                port = int(port_text) if port_text.isdigit() else None
                note = f"envoy cluster {name} -> {host}" + (f":{port}" if port else "")
                found.append(ProxyRoute(host.lower(), port, path, socket.line, note))
    return found


def is_caddyfile(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "Caddyfile" or name.startswith("Caddyfile.") or name.endswith(".caddyfile")


def caddy_routes(text: str, path: str) -> list[ProxyRoute]:
    """The upstreams of a Caddyfile's ``reverse_proxy`` directives."""
    found: list[ProxyRoute] = []
    block = 0  # inside a ``reverse_proxy ... {`` block: ``to`` lines name upstreams
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        if block:
            block += words.count("{") - words.count("}")
            upstreams = words[1:] if words[0] == "to" else []
        elif words[0] == "reverse_proxy":
            upstreams = [w for w in words[1:] if w != "{"]
            if upstreams and upstreams[0].startswith(("/", "@", "*")):
                upstreams = upstreams[1:]  # a path or named matcher
            block = 1 if words[-1] == "{" else 0
        else:
            continue
        for upstream in upstreams:
            note = f"caddy reverse_proxy {upstream}"
            route = None if "{" in upstream else _route(upstream, path, number, note)
            if route is not None:
                found.append(route)
    return found


def is_traefik(doc: Y) -> bool:
    """Whether a YAML document is Traefik dynamic configuration with services."""
    return any(_at(doc, protocol, "services") is not None for protocol in ("http", "tcp"))


def traefik_routes(doc: Y, path: str) -> list[ProxyRoute]:
    """The servers of a Traefik file provider's load-balanced services."""
    found: list[ProxyRoute] = []
    for protocol, key in (("http", "url"), ("tcp", "address")):
        services = _at(doc, protocol, "services")
        for name, service in services.items() if services is not None else []:
            servers = _at(service, "loadBalancer", "servers")
            for server in servers.elements() if servers is not None else []:
                target = (server.get(key) or Y(None, 0)).text
                note = f"traefik service {name} -> {target}"
                route = _route(target, path, server.line, note) if target else None
                if route is not None:
                    found.append(route)
    return found


def _sockets(cluster: Y) -> Iterator[Y]:
    endpoints = _at(cluster, "load_assignment", "endpoints")
    for group in endpoints.elements() if endpoints is not None else []:
        for lb in (group.get("lb_endpoints") or Y(None, 0)).elements():
            socket = _at(lb, "endpoint", "address", "socket_address")
            if socket is not None:
                yield socket
    for host in (cluster.get("hosts") or Y(None, 0)).elements():  # v2 and early v3 configs
        socket = host.get("socket_address")
        if socket is not None:
            yield socket


def _at(doc: Y | None, *keys: str) -> Y | None:
    node = doc
    for key in keys:
        node = node.get(key) if node is not None else None
    return node
