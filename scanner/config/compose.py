"""docker-compose files: the services, what they are built from and the environment they get.

Reads ``services.<name>``: ``build`` (string or ``{context, dockerfile}``), ``image``,
``command``, ``environment`` (list ``KEY=value`` or map form), ``env_file`` (string, list, or
``{path, required}`` entries; relative to the compose file), ``depends_on`` (list or map),
``ports``, ``container_name``, ``hostname`` and network ``aliases`` (other names the service
answers to). ``${VAR}``, ``${VAR:-default}`` and ``${VAR-default}`` are interpolated from the
``.env`` beside the compose file, as compose does; the scanner's own environment is never
consulted. Variables passed through from the host (``- KEY`` with no value) are skipped.
``extends`` (same file, or ``file:`` relative to this one) is merged before use.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from scanner.config.dotenv import EnvEntry
from scanner.config.yamlfile import Y

COMPOSE_NAMES = frozenset(
    {"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"}
)
_VARIABLE = re.compile(
    r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
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
    return [
        reader.extend(reader.parse(name, spec, path), spec, specs, 0)
        for name, spec in specs.items()
    ]


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
    return merged


def _parse_service(
    name: str, spec: Y, path: str, env: Mapping[str, str], read_env: ReadEnv
) -> ComposeService:
    base = posixpath.dirname(path)
    service = ComposeService(name, path, spec.line)
    _build(service, spec.get("build"), base, env)
    service.image = _interp(_text(spec.get("image")), env)
    command = spec.get("command")
    service.command = " ".join(command.texts()) if command is not None else None
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
    ports = spec.get("ports")
    service.ports = ports.texts() if ports is not None else []
    service.hostnames = _hostnames(spec)
    return service


def _text(node: Y | None) -> str | None:
    return node.text if node is not None else None


def _build(service: ComposeService, build: Y | None, base: str, env: Mapping[str, str]) -> None:
    if build is None:
        return
    context = build.text if build.text is not None else _text(build.get("context")) or "."
    service.dockerfile = _text(build.get("dockerfile"))
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
    return found


def _hostnames(spec: Y) -> set[str]:
    names = {t for key in ("container_name", "hostname") if (t := _text(spec.get(key)))}
    networks = spec.get("networks")
    for _, network in networks.items() if networks is not None else []:
        aliases = network.get("aliases")
        names.update(aliases.texts() if aliases is not None else [])
    return names


def _interp(text: str | None, env: Mapping[str, str]) -> str | None:
    """Compose variable interpolation from the project ``.env``."""
    if text is None:
        return None

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        operator, operand = match.group(2), match.group(3) or ""
        value = env.get(name)
        if operator in (":-", "-"):
            missing = value is None or (operator == ":-" and value == "")
            return operand if missing else str(value)
        if operator in (":+", "+"):
            return operand if value else ""
        return value or ""

    return _VARIABLE.sub(substitute, text)
