"""docker-compose files: the services, what they are built from and the environment they get.

Reads ``services.<name>``: ``build`` (string or ``{context, dockerfile}``), ``image``,
``command``, ``environment`` (list ``KEY=value`` or map form), ``env_file`` (string, list, or
``{path, required}`` entries; relative to the compose file), ``depends_on`` (list or map),
``ports``, ``container_name``, ``hostname`` and network ``aliases`` (other names the service
answers to). ``${VAR}``, ``${VAR:-default}`` and ``${VAR-default}`` are interpolated from the
``.env`` beside the compose file, as compose does; the scanner's own environment is never
consulted. Variables passed through from the host (``- KEY`` with no value) are skipped.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

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
    ports: list[str] = field(default_factory=list)
    hostnames: set[str] = field(default_factory=set)


ReadEnv = Callable[[str], Mapping[str, EnvEntry] | None]


def parse_compose(
    doc: Y, path: str, project_env: Mapping[str, str], read_env: ReadEnv
) -> list[ComposeService]:
    """Services of one compose document; ``read_env`` loads an env_file by repository path."""
    base = posixpath.dirname(path)
    services = doc.get("services")
    if services is None:
        return []
    found = []
    for name, spec in services.items():
        service = ComposeService(name, path, spec.line)
        _build(service, spec.get("build"), base, project_env)
        service.image = _interp(_text(spec.get("image")), project_env)
        command = spec.get("command")
        service.command = " ".join(command.texts()) if command is not None else None
        for env_file in _env_files(spec.get("env_file"), base):
            service.env_files.append(env_file)
            service.environment.update(read_env(env_file) or {})
        service.environment.update(_environment(spec.get("environment"), path, project_env))
        depends = spec.get("depends_on")
        if depends is not None:
            service.depends_on = depends.texts() or [k for k, _ in depends.items()]
        ports = spec.get("ports")
        service.ports = ports.texts() if ports is not None else []
        service.hostnames = _hostnames(spec)
        found.append(service)
    return found


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
