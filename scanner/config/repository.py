"""Reading every configuration file of a repository into one :class:`RepoConfig`.

Broken YAML, missing env files and unreadable files become diagnostics; nothing here raises
on bad input.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import yaml

from catalog_api.model import Diagnostic, Severity
from scanner.config.compose import (
    COMPOSE_NAMES,
    ComposeService,
    is_compose_file,
    parse_compose,
)
from scanner.config.dockerfile import is_dockerfile, parse_dockerfile
from scanner.config.dotenv import EnvEntry, parse_dotenv
from scanner.config.proxies import is_caddyfile, looks_like_nginx
from scanner.config.yamlfile import Y, load_documents
from scanner.walk import RepoFiles, read_text


def is_dotenv(path: str) -> bool:
    name = posixpath.basename(path)
    return (
        name == ".env"
        or (
            name.startswith(".env.")
            and name not in (".env.example", ".env.sample", ".env.template")
        )
        or name.endswith(".env")
    )


def is_nginx_candidate(path: str) -> bool:
    """nginx files by name: ``*.conf`` (``nginx.conf``, ``conf.d/*.conf``, ``sites-*/*``)
    and the official image's ``*.conf.template``."""
    name = posixpath.basename(path)
    return name.endswith((".conf", ".conf.template")) or "/sites-enabled/" in f"/{path}"


def is_env_example(path: str) -> bool:
    return posixpath.basename(path) in (
        ".env.example",
        ".env.sample",
        ".env.template",
        "env.example",
    )


@dataclass
class RepoConfig:
    """Compose services, env files and YAML documents of a repository."""

    compose: list[ComposeService] = field(default_factory=list)
    dotenvs: dict[str, dict[str, EnvEntry]] = field(default_factory=dict)
    yaml_docs: dict[str, list[Y]] = field(default_factory=dict)  # other YAML (Kubernetes)
    base_images: dict[str, list[str]] = field(default_factory=dict)  # Dockerfile -> FROM images
    dockerfiles: dict[str, str] = field(default_factory=dict)  # Dockerfile path -> text
    nginx: dict[str, str] = field(default_factory=dict)  # nginx config path -> text
    caddyfiles: dict[str, str] = field(default_factory=dict)  # Caddyfile path -> text
    procfiles: dict[str, str] = field(default_factory=dict)  # Procfile path -> text
    # env files compose names whatever they are called (``db.env.local``): path -> entries
    env_files: dict[str, dict[str, EnvEntry]] = field(default_factory=dict)
    scripts: dict[str, str] = field(default_factory=dict)  # shell script (``*.sh``) -> text
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_config(root: Path, files: RepoFiles) -> RepoConfig:
    config = RepoConfig()
    present = frozenset(files.paths)
    for rel in files.paths:
        if is_dotenv(rel) or is_env_example(rel):
            text = _read(root, rel, config)
            if text is not None:
                config.dotenvs[rel] = parse_dotenv(text, rel)
    for rel in files.paths:
        name = posixpath.basename(rel)
        if is_dockerfile(rel):
            text = _read(root, rel, config)
            config.base_images[rel] = base_images(text, rel) if text is not None else []
            if text is not None:
                config.dockerfiles[rel] = text
        elif is_caddyfile(rel):
            text = _read(root, rel, config)
            if text is not None:
                config.caddyfiles[rel] = text
        elif is_nginx_candidate(rel):
            text = _read(root, rel, config)
            if text is not None and looks_like_nginx(text):
                config.nginx[rel] = text
        elif name == "Procfile":
            text = _read(root, rel, config)
            if text is not None:
                config.procfiles[rel] = text
        elif name.endswith(".sh"):  # entry scripts: what a container's command runs
            text = _read(root, rel, config)
            if text is not None:
                config.scripts[rel] = text
    for rel in sorted(files.with_suffix(".yml", ".yaml"), key=_compose_order):
        text = _read(root, rel, config)
        if text is not None and _templated(text):
            message = "templated YAML (Helm/Jinja) is not rendered; not read"
            config.diagnostics.append(
                Diagnostic(rel, None, Severity.INFO, "yaml-template", message)
            )
            continue
        docs = _yaml(rel, text, config) if text is not None else []
        if is_compose_file(rel):
            for doc in docs:
                env = _project_env(rel, config.dotenvs)
                config.compose += parse_compose(
                    doc,
                    rel,
                    env,
                    partial(_env_file, compose_path=rel, config=config, files=(root, present)),
                    partial(_other_compose, root, config, present),
                )
        elif docs:
            config.yaml_docs[rel] = docs
    _match_build_context_case(root, config, files.paths)
    return config


def _match_build_context_case(root: Path, config: RepoConfig, paths: list[str]) -> None:
    """A build context spelled in another letter case than its directory (compose files
    written on macOS or Windows, whose file systems ignore case, run there as written): when
    no directory has the exact name but exactly one matches ignoring case, it is that one."""
    contexts = [
        s for s in config.compose if s.build_context and not (root / s.build_context).is_dir()
    ]
    if not contexts:
        return  # the usual case: every context is there as written
    folded: dict[str, set[str]] = {}
    for rel in paths:
        directory = posixpath.dirname(rel)
        while directory:
            folded.setdefault(directory.casefold(), set()).add(directory)
            directory = posixpath.dirname(directory)
    for service in contexts:
        context = service.build_context or ""
        matches = folded.get(context.casefold(), set())
        if context in matches or len(matches) != 1:
            continue
        (actual,) = matches
        message = (
            f"build context {context} of compose service {service.name} is not a directory; "
            f"read as {actual}, the one directory of that name in another letter case"
        )
        where = (service.file, service.line)
        config.diagnostics.append(Diagnostic(*where, Severity.INFO, "build-context-case", message))
        service.build_context = actual


_TEMPLATE = re.compile(
    r"\{\{-?\s*(?:\.Values|\.Release|\.Chart|include\b|template\b|if\b|range\b|end\b"
    r"|toYaml\b|\$)|\{%"
)


def _templated(text: str) -> bool:
    """Whether a YAML file is a Helm or Jinja template (``{{ .Values.x }}``, ``{{- if }}``,
    ``{% for %}``), not a file whose strings hold braces (a Docker log tag ``"{{.Name}}"``)."""
    return ("{{" in text or "{%" in text) and bool(_TEMPLATE.search(text))


def base_images(dockerfile: str, path: str = "") -> list[str]:
    """The images of a Dockerfile's ``FROM`` lines, in order; a stage built ``FROM`` an
    earlier stage stands for that stage's image (``FROM postgres:16 AS base`` then ``FROM
    base``: the image that runs is PostgreSQL)."""
    resolved: dict[str, str] = {}
    found = []
    for stage in parse_dockerfile(dockerfile, path).stages:  # one parse, shared by path
        image = resolved.get(stage.image, stage.image)
        if stage.name:
            resolved[stage.name] = image
        if image:
            found.append(image)
    return found


def _compose_order(rel: str) -> tuple[str, int, str]:
    """A directory's main compose file before its overrides (``docker-compose.override.yml``
    sorts before ``docker-compose.yml``), so later files win as ``docker compose`` merges."""
    return posixpath.dirname(rel), 0 if posixpath.basename(rel) in COMPOSE_NAMES else 1, rel


def _other_compose(root: Path, config: RepoConfig, present: frozenset[str], rel: str) -> Y | None:
    """The first document of a compose file another one ``extends`` from: only a file of
    the repository (``file: /etc/passwd`` or ``../../x.yml`` is never opened)."""
    if rel not in present:
        message = f"extends names {rel}, which is not a file of the repository; not read"
        config.diagnostics.append(
            Diagnostic(rel, None, Severity.WARNING, "extends-outside", message)
        )
        return None
    text = _read(root, rel, config)
    docs = _yaml(rel, text, config) if text is not None else []
    return docs[0] if docs else None


def _read(root: Path, rel: str, config: RepoConfig) -> str | None:
    text, problem = read_text(root, rel)
    if problem is not None:
        config.diagnostics.append(problem)
    return text


def _yaml(rel: str, text: str, config: RepoConfig) -> list[Y]:
    try:
        return load_documents(text)
    except RecursionError:
        message = "YAML nested too deeply (or a self-referencing alias); not read"
        config.diagnostics.append(Diagnostic(rel, None, Severity.WARNING, "invalid-yaml", message))
        return []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = str(getattr(exc, "problem", None) or exc).splitlines()[0]
        config.diagnostics.append(
            Diagnostic(rel, line, Severity.WARNING, "invalid-yaml", f"not valid YAML: {reason}")
        )
        return []


def _project_env(compose_path: str, dotenvs: Mapping[str, dict[str, EnvEntry]]) -> dict[str, str]:
    """The variables compose interpolates: ``.env`` beside the file, else ``.env.example``
    (the documented values a developer copies to ``.env`` before ``docker compose up``);
    ``PWD`` is the compose file's directory, where ``docker compose`` is run from
    (``build: ${PWD}/orders`` is ``./orders``)."""
    base = posixpath.dirname(compose_path)
    for name in (".env", ".env.example", ".env.sample"):
        found = dotenvs.get(posixpath.join(base, name))
        if found is not None:
            return {"PWD": ".", **{k: e.value for k, e in found.items()}}
    return {"PWD": "."}


def _env_file(
    path: str, compose_path: str, config: RepoConfig, files: tuple[Path, frozenset[str]]
) -> dict[str, EnvEntry] | None:
    """An ``env_file`` compose names, read on demand whatever its name (``db.env.local``,
    ``envs/prod.env``; as large as any file the scanner reads); one that is not in the
    repository is a diagnostic."""
    found = config.dotenvs.get(path, config.env_files.get(path))
    root, present = files
    if found is None and path in present:
        text = _read(root, path, config)
        found = config.env_files[path] = parse_dotenv(text or "", path)
        return found
    if found is None:
        message = f"env_file {path} named by {compose_path} is not in the repository"
        config.diagnostics.append(
            Diagnostic(compose_path, None, Severity.INFO, "missing-env-file", message)
        )
    return found
