"""nameko's YAML config: the file a nameko service runs with (``nameko run --config
config.yml service``), its ``${VAR:default}`` references filled from the service's
environment.

nameko services never read their datastore URLs from the environment directly: code reads
``config.get("REDIS_URI")`` / ``self.container.config["KEY"]`` and dependency providers read
``DB_URIS``, ``REDIS_URIS`` and ``AMQP_URI``. The code side (:mod:`scanner.nameko_reads`)
turns each read into a reference to the variable ``nameko.config[KEY]``
(``nameko.config[DB_URIS][orders:Base]`` for a nested key); this module adds those variables
to the environment of every service whose code imports nameko, with the config file's line
as where each was set. The assembler then resolves them as it resolves any environment
variable, and cites the config line as evidence beside the code line.

The file is the one a command of the service names with ``--config`` (compose ``command``,
Procfile, a Dockerfile in the service's directory, a shell script there), looked up in the
service's directory by its path or else its file name (a Dockerfile copies it elsewhere);
failing a command, ``config.yml`` (or ``config.yaml``) in the service's directory.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import fields

from catalog_api.model import Diagnostic, Severity
from scanner.config.dotenv import EnvEntry
from scanner.config.repository import RepoConfig
from scanner.config.yamlfile import Y
from scanner.findings import Finding
from scanner.services import Service
from scanner.values import Value

VARIABLE = "nameko.config"
DEFAULT_NAMES = ("config.yml", "config.yaml")
MAX_NESTING = 3
_OPTION = re.compile(r"--config(?:=|\s+)([\"']?)([^\s\"';&|]+)\1")
_EXEC_FORM = re.compile(r'",\s*"')  # ``CMD ["nameko", "run", "--config", "config.yml"]``
# nameko's own reference syntax: ``${NAME}`` or ``${NAME:default}`` (the default is YAML)
_REFERENCE = re.compile(r"\$\{([^{}:\s]+)(?::([^{}]*))?\}")


def config_variable(keys: Sequence[str]) -> str:
    """The variable a read of ``config[keys[0]][keys[1]]...`` stands for."""
    return VARIABLE + "".join(f"[{key}]" for key in keys)


def add_nameko_config(
    services: Mapping[str, Service], owned: Mapping[str, Sequence[Finding]], config: RepoConfig
) -> list[Diagnostic]:
    """Add every setting of each nameko service's config file to its environment; a file a
    command names but the repository lacks is a diagnostic."""
    problems: list[Diagnostic] = []
    for name in sorted(services):
        service = services[name]
        if service.path is None or not _uses_nameko(owned.get(name, ())):
            continue
        found = _config_file(service, config, problems)
        if found is None:
            continue
        rel, document = found
        env = {k: e.value for k, e in service.env.items()}
        for keys, value in _settings(document, ()):
            text = substitute(value.text or "", env)
            service.env.setdefault(config_variable(keys), EnvEntry(text, rel, value.line))
    return problems


def substitute(text: str, env: Mapping[str, str]) -> str:
    """``text`` with nameko's references replaced from ``env``, innermost first (nameko
    accepts ``${A:${B:default}}``); a default is YAML, so quotes around it are dropped."""
    for _ in range(MAX_NESTING):
        replaced = _REFERENCE.sub(lambda m: _variable(m, env), text)
        if replaced == text:
            break
        text = replaced
    return text


def _variable(match: re.Match[str], env: Mapping[str, str]) -> str:
    name, default = match.group(1), match.group(2)
    if name in env:
        return env[name]
    default = (default or "").strip()
    if len(default) >= 2 and default[0] == default[-1] and default[0] in "'\"":
        default = default[1:-1]
    return default


def _uses_nameko(findings: Iterable[Finding]) -> bool:
    """Whether the service's code reads nameko config (a value naming a
    :func:`config_variable`): only then does its config file say anything."""
    return any(
        name.startswith(VARIABLE)
        for f in findings
        for field in _value_fields(type(f))
        if isinstance(value := getattr(f, field), Value)
        for name in value.env_names()
    )


_VALUE_FIELDS: dict[type, tuple[str, ...]] = {}


def _value_fields(kind: type[Finding]) -> tuple[str, ...]:
    """The fields of a finding type that may hold a value (read once per type: a large
    repository has thousands of findings)."""
    found = _VALUE_FIELDS.get(kind)
    if found is None:
        found = tuple(field.name for field in fields(kind) if "Value" in str(field.type))
        _VALUE_FIELDS[kind] = found
    return found


def _config_file(
    service: Service, config: RepoConfig, problems: list[Diagnostic]
) -> tuple[str, Y] | None:
    """The config file the service runs with and its first YAML document."""
    directory = service.path or ""
    for where, line, command in _commands(service, config):
        for match in _OPTION.finditer(_EXEC_FORM.sub(" ", command)):
            named = match.group(2)
            found = _named_file(directory, named, config)
            if found is not None:
                return found
            message = f"nameko config {named} named here is not in the repository"
            problems.append(Diagnostic(where, line, Severity.INFO, "missing-config-file", message))
    for name in DEFAULT_NAMES:
        rel = posixpath.join(directory, name) if directory else name
        documents = config.yaml_docs.get(rel)
        if documents:
            return rel, documents[0]
    return None


def _commands(service: Service, config: RepoConfig) -> Iterator[tuple[str, int | None, str]]:
    """(file, line, text) of what may start the service: compose ``command``, its Procfile
    command, Dockerfiles and shell scripts directly in its directory."""
    directory = service.path or ""
    if service.compose is not None and service.compose.command:
        yield service.compose.file, service.compose.line, service.compose.command
    if service.command and service.declared_by is not None:
        yield service.declared_by[0], service.declared_by[1], service.command
    for files in (config.dockerfiles, config.scripts):
        for rel in sorted(files):
            if posixpath.dirname(rel) == directory and "nameko" in files[rel]:
                yield rel, None, files[rel]


def _named_file(directory: str, named: str, config: RepoConfig) -> tuple[str, Y] | None:
    """The YAML file ``--config named`` means: that path under the service's directory,
    else the only file of that name anywhere under it."""
    exact = posixpath.normpath(posixpath.join(directory, named.lstrip("/")))
    candidates = [exact] if exact in config.yaml_docs else []
    if not candidates:
        prefix = f"{directory}/" if directory else ""
        base = posixpath.basename(named)
        candidates = sorted(
            rel
            for rel in config.yaml_docs
            if rel.startswith(prefix) and posixpath.basename(rel) == base
        )
    for rel in candidates[:1]:
        documents = config.yaml_docs[rel]
        if documents:
            return rel, documents[0]
    return None


def _settings(document: Y, keys: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Y]]:
    """Every scalar setting with the keys leading to it (nested mappings, a few deep)."""
    for key, value in document.items():
        path = (*keys, key)
        if value.text is not None:
            yield path, value
        elif len(path) < MAX_NESTING:
            yield from _settings(value, path)
