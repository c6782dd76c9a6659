"""docker-compose files: the services, what they are built from and the environment they get.

Reads ``services.<name>``: ``build`` (string or ``{context, dockerfile, target, args}``),
``image``, ``command``, ``environment`` (list ``KEY=value`` or map form), ``env_file``
(string, list, or ``{path, required}`` entries; relative to the compose file), ``depends_on``
(list or map), ``ports`` and ``expose`` (short and long forms), ``container_name``,
``hostname``, network ``aliases`` (other names the service answers to), fixed
``ipv4_address``/``ipv6_address`` (where traces see it), bind-mounted ``volumes``, ``labels``
(a Traefik proxy's routes) and legacy ``links`` / ``external_links`` aliases (an external link
naming another service's ``container_name`` is read as a link to that service).
``${VAR}``, ``${VAR:-default}`` and ``${VAR-default}`` are interpolated from the ``.env``
beside the compose file, as compose does; the scanner's own environment is never consulted.
Variables passed through from the host (``- KEY`` with no value) are skipped. ``extends``
(same file, or ``file:`` relative to this one) is merged before use.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from scanner.config.dotenv import EnvEntry
from scanner.config.interpolate import interpolate
from scanner.config.yamlfile import Y

COMPOSE_NAMES = frozenset(
    {"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"}
)


def is_compose_file(path: str) -> bool:
    name = posixpath.basename(path)
    return name in COMPOSE_NAMES or bool(re.match(r"^(docker-)?compose[.-][\w.-]+\.ya?ml$", name))


@dataclass
class ComposeService:
    """One compose service as declared (paths repository-relative, POSIX)."""

    name: str
    file: str
    line: int
    build_context: str | None = None
    dockerfile: str | None = None
    image: str | None = None
    command: str | None = None
    environment: dict[str, EnvEntry] = field(default_factory=dict)
    env_files: list[str] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    depends_lines: dict[str, int] = field(default_factory=dict)  # target -> line
    ports: list[str] = field(default_factory=list)
    hostnames: set[str] = field(default_factory=set)
    container_name: str | None = None  # one of ``hostnames``: unique on a Docker host
    build_args: dict[str, str] = field(default_factory=dict)  # build.args
    build_target: str | None = None  # build.target: the Dockerfile stage built
    expose: list[str] = field(default_factory=list)  # container ports without publishing
    ip_addresses: set[str] = field(default_factory=set)  # networks.<n>.ipv4/ipv6_address
    mounts: list[str] = field(default_factory=list)  # bind-mounted repository paths
    mount_targets: dict[str, str] = field(default_factory=dict)  # repository path -> in container
    working_dir: str | None = None
    entrypoint: str | None = None
    labels: dict[str, EnvEntry] = field(default_factory=dict)  # container labels (Traefik)
    links: dict[str, str] = field(default_factory=dict)  # legacy links: service -> its alias


ReadEnv = Callable[[str], Mapping[str, EnvEntry] | None]
ReadCompose = Callable[[str], Y | None]
_MAX_EXTENDS = 10  # deeper chains are cycles or mistakes


def parse_compose(
    doc: Y,
    path: str,
    project_env: Mapping[str, str],
    read_env: ReadEnv,
    read_compose: ReadCompose | None = None,
) -> list[ComposeService]:
    """Services of one compose document; ``read_env`` loads an env_file and ``read_compose``
    another compose file (for ``extends: {file: ...}``) by repository path."""
    services = doc.get("services")
    if services is None:
        return []
    specs = dict(services.items())
    reader = _Reader(project_env, read_env, read_compose)
    parsed = [
        reader.extend(reader.parse(name, spec, path), spec, specs, 0)
        for name, spec in specs.items()
    ]
    return _linked_by_service_name(parsed)


def _linked_by_service_name(services: list[ComposeService]) -> list[ComposeService]:
    """Links (``external_links: [mysql:db]`` names a container) keyed by the service name of
    the container they name, when a service of this file runs it."""
    names = {s.name for s in services}
    by_container = {h: s.name for s in services for h in s.hostnames if h not in names}
    for service in services:
        service.links = {by_container.get(k, k): v for k, v in service.links.items()}
    return services


@dataclass
class _Reader:
    env: Mapping[str, str]
    read_env: ReadEnv
    read_compose: ReadCompose | None

    def parse(self, name: str, spec: Y, path: str) -> ComposeService:
        return _parse_service(name, spec, path, self.env, self.read_env)

    def extend(
        self, service: ComposeService, spec: Y, specs: Mapping[str, Y], depth: int
    ) -> ComposeService:
        """``service`` laid over the service its ``extends`` names (same file or ``file:``),
        itself extended first; a base from another file keeps paths relative to that file."""
        extends = spec.get("extends")
        if extends is None or depth >= _MAX_EXTENDS:
            return service
        base_name = extends.text or _text(extends.get("service"))
        other = _text(extends.get("file"))
        path = service.file
        if other is not None:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(service.file), other))
            doc = self.read_compose(path) if self.read_compose is not None else None
            services = doc.get("services") if doc is not None else None
            specs = dict(services.items()) if services is not None else {}
        base_spec = specs.get(base_name) if base_name else None
        if base_name is None or base_spec is None:
            return service
        base = self.extend(self.parse(base_name, base_spec, path), base_spec, specs, depth + 1)
        return overlay(base, service)


def overlay(base: ComposeService, top: ComposeService) -> ComposeService:
    """``top`` merged over ``base`` as compose merges ``extends`` and override files: what
    ``top`` sets wins, environment and dependencies add up. Named and placed as ``top``."""
    merged = replace(base, name=top.name, file=top.file, line=top.line)
    if top.build_context is not None:
        merged.build_context, merged.dockerfile = top.build_context, top.dockerfile
    merged.image = top.image or base.image
    merged.command = top.command or base.command
    merged.environment = {**base.environment, **top.environment}
    merged.env_files = [*base.env_files, *(f for f in top.env_files if f not in base.env_files)]
    merged.depends_on = [*base.depends_on, *(d for d in top.depends_on if d not in base.depends_on)]
    merged.depends_lines = {**base.depends_lines, **top.depends_lines}
    merged.ports = [*base.ports, *(p for p in top.ports if p not in base.ports)]
    merged.hostnames = base.hostnames | top.hostnames
    merged.container_name = top.container_name or base.container_name
    merged.build_args = {**base.build_args, **top.build_args}
    merged.build_target = top.build_target or base.build_target
    merged.expose = [*base.expose, *(p for p in top.expose if p not in base.expose)]
    merged.ip_addresses = base.ip_addresses | top.ip_addresses
    merged.mounts = [*base.mounts, *(m for m in top.mounts if m not in base.mounts)]
    merged.mount_targets = {**base.mount_targets, **top.mount_targets}
    merged.working_dir = top.working_dir or base.working_dir
    merged.entrypoint = top.entrypoint or base.entrypoint
    merged.labels = {**base.labels, **top.labels}
    merged.links = {**base.links, **top.links}
    return merged


def _parse_service(
    name: str, spec: Y, path: str, env: Mapping[str, str], read_env: ReadEnv
) -> ComposeService:
    base = posixpath.dirname(path)
    service = ComposeService(name, path, spec.line)
    _build(service, spec.get("build"), base, env)
    service.image = _interp(_text(spec.get("image")), env)
    service.command = _words(spec.get("command"))
    service.entrypoint = _words(spec.get("entrypoint"))
    service.working_dir = _interp(_text(spec.get("working_dir")), env)
    for env_file in _env_files(spec.get("env_file"), base):
        service.env_files.append(env_file)
        service.environment.update(read_env(env_file) or {})
    service.environment.update(_environment(spec.get("environment"), path, env))
    depends = spec.get("depends_on")
    if depends is not None:
        listed = [(e.text, e.line) for e in depends.elements() if e.text is not None]
        pairs = listed or [(k, v.line) for k, v in depends.items()]
        service.depends_on = [k for k, _ in pairs]
        service.depends_lines = dict(pairs)
    service.ports = _port_texts(spec.get("ports"), env)
    service.expose = _port_texts(spec.get("expose"), env)
    service.hostnames = _hostnames(spec)
    service.container_name = _text(spec.get("container_name"))
    service.ip_addresses = _ip_addresses(spec)
    service.mount_targets = _mounts(spec.get("volumes"), base, env)
    service.mounts = list(service.mount_targets)
    service.labels = _environment(spec.get("labels"), path, env)  # the same two forms
    for name, alias in _links(spec.get("links")) + _links(spec.get("external_links")):
        service.links[name] = alias
    return service


def _text(node: Y | None) -> str | None:
    return node.text if node is not None else None


def _words(node: Y | None) -> str | None:
    """A ``command``/``entrypoint`` as one line (the list form joined with spaces)."""
    return " ".join(node.texts()) if node is not None else None


def _build(service: ComposeService, build: Y | None, base: str, env: Mapping[str, str]) -> None:
    if build is None:
        return
    context = build.text if build.text is not None else _text(build.get("context")) or "."
    service.dockerfile = _text(build.get("dockerfile"))
    service.build_target = _text(build.get("target"))
    args = _environment(build.get("args"), "", env)
    service.build_args = {k: e.value for k, e in args.items()}
    context = _interp(context, env) or "."
    if "://" in context or context.startswith("git@"):
        return  # a remote build context is not this repository's code
    joined = posixpath.normpath(posixpath.join(base, context))
    service.build_context = "" if joined == "." else joined


def _env_files(node: Y | None, base: str) -> list[str]:
    if node is None:
        return []
    entries = [node] if node.text is not None else node.elements()
    paths = [e.text if e.text is not None else _text(e.get("path")) for e in entries]
    return [posixpath.normpath(posixpath.join(base, p)) for p in paths if p]


def _environment(node: Y | None, path: str, env: Mapping[str, str]) -> dict[str, EnvEntry]:
    found: dict[str, EnvEntry] = {}
    if node is None:
        return found
    for key, value in node.items():
        if value.text is not None:
            found[key] = EnvEntry(_interp(value.text, env) or "", path, value.line)
    for element in node.elements():
        if element.text is not None and "=" in element.text:
            key, _, raw = element.text.partition("=")
            found[key.strip()] = EnvEntry(_interp(raw, env) or "", path, element.line)
        elif element.text and element.text.strip() in env:  # ``- VAR``: passed through from
            key = element.text.strip()  # the shell, which the project's ``.env`` stands for
            found[key] = EnvEntry(env[key], path, element.line)
    for key, value in node.items():  # ``VAR:`` with no value: passed through likewise
        if value.text is None and value.value is None and key in env:
            found[key] = EnvEntry(env[key], path, value.line)
    return found


def _hostnames(spec: Y) -> set[str]:
    names = {t for key in ("container_name", "hostname") if (t := _text(spec.get(key)))}
    networks = spec.get("networks")
    for _, network in networks.items() if networks is not None else []:
        aliases = network.get("aliases")
        names.update(aliases.texts() if aliases is not None else [])
    return names


def _mounts(node: Y | None, base: str, env: Mapping[str, str]) -> dict[str, str]:
    """Repository paths a service bind-mounts, with where each lands in the container
    (``./nginx.conf:/etc/nginx/nginx.conf:ro`` or ``{type: bind, source: ./conf.d, target:
    /etc/nginx/conf.d}``; "" when the target is not written); named volumes and paths
    outside the repository are not the repository's files."""
    found: dict[str, str] = {}
    for element in node.elements() if node is not None else []:
        if element.text is not None:
            source, _, rest = element.text.partition(":")
            target = rest.split(":", 1)[0]
        elif _text(element.get("type")) in (None, "bind"):
            source, target = _text(element.get("source")) or "", _text(element.get("target")) or ""
        else:
            continue
        source = _interp(source, env) or ""
        if source.startswith("."):
            joined = posixpath.normpath(posixpath.join(base, source))
            if not joined.startswith(".."):
                found.setdefault("" if joined == "." else joined, _interp(target, env) or "")
    return found


def _links(node: Y | None) -> list[tuple[str, str]]:
    """Legacy ``links`` and ``external_links`` (``db`` or ``db:database``): another name this
    service reaches a service (or a container) by."""
    found = []
    for text in node.texts() if node is not None else []:
        name, _, alias = text.partition(":")
        if name and alias and alias != name:
            found.append((name, alias))
    return found


def _ip_addresses(spec: Y) -> set[str]:
    networks = spec.get("networks")
    found = networks.items() if networks is not None else []
    return {
        text
        for _, network in found
        for key in ("ipv4_address", "ipv6_address")
        if (text := _text(network.get(key)))
    }


def _port_texts(node: Y | None, env: Mapping[str, str]) -> list[str]:
    """``ports``/``expose`` entries as text: the short form, or the long form's
    ``published:target`` (``target`` alone when nothing is published)."""
    found: list[str] = []
    for element in node.elements() if node is not None else []:
        if element.text is not None:
            found.append(_interp(element.text, env) or "")
            continue
        target, published = _text(element.get("target")), _text(element.get("published"))
        if target:
            found.append(f"{published}:{target}" if published else target)
    if node is not None and node.text is not None:
        found.append(_interp(node.text, env) or "")
    return [f for f in found if f]


def port_mapping(entry: str) -> tuple[str | None, str | None, str | None]:
    """``[ip:][host_port:]container_port[/proto]`` as (ip, host port, container port); port
    ranges are not single addresses and give nothing."""
    text = entry.split("/", 1)[0].strip()
    if text.startswith("["):  # [v6]:host:container
        v6, _, text = text[1:].partition("]")
        parts = [v6, *text.lstrip(":").split(":")]
    else:
        parts = text.split(":")
    if any("-" in p for p in parts[-2:]) or not parts[-1].isdigit():
        return None, None, None
    if len(parts) == 1:
        return None, None, parts[0]
    host_port = parts[-2] if parts[-2].isdigit() else None
    return ":".join(parts[:-2]) or None, host_port, parts[-1]


def _interp(text: str | None, env: Mapping[str, str]) -> str | None:
    """Compose variable interpolation from the project ``.env``."""
    return None if text is None else interpolate(text, env)
