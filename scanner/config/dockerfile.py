"""Dockerfiles: the images a build starts from and the environment the image runs with.

A service's ``ENV`` lines are part of its environment (below compose and Kubernetes, which
override them at run time, above the defaults in its code). Read the way ``docker build``
reads them: ``\\`` line continuations (comment lines inside one dropped), ``ENV A=b C="d e"``
and the legacy ``ENV A b c``, ``ARG`` defaults (global ones before the first ``FROM`` only
when a stage redeclares them, build args given by compose winning over defaults) referenced as
``$X``, ``${X}``, ``${X:-default}`` or ``${X:+alt}``, and stages: the image is the last stage
(or the one a build ``target`` names), which inherits the environment of a stage it is built
``FROM``. ``CMD`` and ``ENTRYPOINT`` say what the image runs (services built from one
directory are told apart by it); ``COPY``/``ADD`` sources taken from the build context (not
``--from`` another stage or image, not URLs) say where in the context the code is. Other
instructions are skipped; nothing is executed.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from scanner.config.dotenv import EnvEntry
from scanner.config.interpolate import interpolate

_LITERAL = "\x00"  # a ``$`` that must stay as written


def is_dockerfile(path: str) -> bool:
    name = posixpath.basename(path)
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile")


@dataclass
class Stage:
    """One ``FROM`` of a Dockerfile and the environment it ends with."""

    image: str
    name: str | None
    env: dict[str, EnvEntry] = field(default_factory=dict)
    entrypoint: str | None = None
    cmd: str | None = None
    # (source, destination) of each ``COPY``/``ADD`` from the build context, as written
    copies: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Dockerfile:
    """A parsed Dockerfile: its stages, in order."""

    path: str
    stages: list[Stage] = field(default_factory=list)

    @property
    def base_images(self) -> list[str]:
        return [stage.image for stage in self.stages]

    def environment(self, target: str | None = None) -> dict[str, EnvEntry]:
        """The environment of the image built (the stage ``target`` names, else the last)."""
        chosen = self.stage(target)
        return dict(chosen.env) if chosen is not None else {}

    def command(self, target: str | None = None) -> str | None:
        """What the image runs: ``ENTRYPOINT`` then ``CMD``, as one shell-like line."""
        chosen = self.stage(target)
        parts = [chosen.entrypoint, chosen.cmd] if chosen is not None else []
        return " ".join(p for p in parts if p) or None

    def stage(self, target: str | None = None) -> Stage | None:
        """The stage the image is built from: the one ``target`` names, else the last."""
        chosen = next((s for s in self.stages if target and s.name == target), None)
        return chosen or (self.stages[-1] if self.stages else None)


def parse_dockerfile(
    text: str, path: str, build_args: Mapping[str, str] | None = None
) -> Dockerfile:
    """The stages of a Dockerfile, ``ENV`` values resolved against ``ARG``s and earlier
    ``ENV``s (``build_args`` as ``docker build --build-arg`` gives them). Read-only result,
    shared: the same Dockerfile is asked about for its base images, env and command."""
    return _parse(text, path, tuple(sorted((build_args or {}).items())))


@lru_cache(maxsize=1024)
def _parse(text: str, path: str, build_args: tuple[tuple[str, str], ...]) -> Dockerfile:
    given = dict(build_args)
    parsed = Dockerfile(path)
    global_args: dict[str, str] = {}
    args: dict[str, str] = {}
    stage: Stage | None = None
    for line, instruction, rest in _instructions(text):
        if instruction == "FROM":
            stage = _stage(rest, {**global_args, **given}, parsed.stages)
            parsed.stages.append(stage)
            args = {}
        elif instruction == "ARG":
            for name, default in _arg(rest):
                known = global_args if stage is None else args
                inherited = global_args.get(name) if stage is not None else None
                value = given.get(name, default if default is not None else inherited)
                if value is not None:
                    scope = global_args if stage is None else {}
                    resolved = interpolate(value, _values(stage, args, scope))
                    known[name] = resolved.replace(_LITERAL, "$")
        elif instruction == "ENV" and stage is not None:
            scope = _values(stage, args, {})  # one ENV sees the values from before it
            for name, raw in _env(rest):
                value = interpolate(raw, scope).replace(_LITERAL, "$")
                stage.env[name] = EnvEntry(value, path, line)
        elif instruction in ("CMD", "ENTRYPOINT") and stage is not None:
            setattr(stage, instruction.lower(), _exec_form(rest))
        elif instruction in ("COPY", "ADD") and stage is not None:
            scope = _values(stage, args, {})
            stage.copies += [(interpolate(s, scope), interpolate(d, scope)) for s, d in _copy(rest)]
    return parsed


def _copy(rest: str) -> list[tuple[str, str]]:
    """``COPY [--chown=..] src... dest`` (or the JSON form) as (source, destination) pairs;
    nothing for ``--from`` (another stage or image) or URL sources."""
    words = None
    if rest.startswith("["):
        try:
            loaded = json.loads(rest)
        except ValueError:
            loaded = None
        words = [str(w) for w in loaded] if isinstance(loaded, list) else None
    if words is None:
        words = _words(rest)
    if any(w.startswith("--from") for w in words):
        return []
    words = [w for w in words if not w.startswith("--")]
    if len(words) < 2:
        return []
    return [(w, words[-1]) for w in words[:-1] if "://" not in w]


def _exec_form(rest: str) -> str:
    """``["python", "-u", "consumer.py"]`` or the shell form, as a shell-like line."""
    if rest.startswith("["):
        try:
            words = json.loads(rest)
        except ValueError:
            return rest
        if isinstance(words, list):
            return " ".join(shlex.quote(str(w)) for w in words)
    return rest


def _values(
    stage: Stage | None, args: Mapping[str, str], extra: Mapping[str, str]
) -> dict[str, str]:
    env = {k: e.value for k, e in stage.env.items()} if stage is not None else {}
    return {**extra, **args, **env}  # ENV wins over ARG of the same name, as docker's does


def _stage(rest: str, args: Mapping[str, str], earlier: list[Stage]) -> Stage:
    words = [w for w in rest.split() if not w.startswith("--")]
    image = interpolate(words[0], args) if words else ""
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    stage = Stage(image, name)
    parent = next((s for s in reversed(earlier) if s.name and s.name == image), None)
    if parent is not None:  # FROM an earlier stage: its environment and command carry over
        stage.env.update(parent.env)
        stage.entrypoint, stage.cmd = parent.entrypoint, parent.cmd
    return stage


def _arg(rest: str) -> Iterator[tuple[str, str | None]]:
    for word in _words(rest):
        name, sep, default = word.partition("=")
        if name:
            yield name, default if sep else None


def _env(rest: str) -> Iterator[tuple[str, str]]:
    words = _words(rest)
    if not words:
        return
    if "=" not in words[0]:  # legacy form: ENV NAME the rest of the line
        name, _, value = rest.strip().partition(" ")
        yield name, _unquote(value.strip())
        return
    for word in words:
        name, sep, value = word.partition("=")
        if name and sep:
            yield name, value


def _words(rest: str) -> list[str]:
    """Shell-like words with quotes removed but ``$`` references kept (those inside single
    quotes hidden as :data:`_LITERAL`, as they are not substituted)."""
    if not any(c in rest for c in "'\"\\"):
        return rest.split()  # nothing quoted or escaped: the shell would split on spaces
    rest = re.sub(r"'[^']*'", lambda m: m.group(0).replace("$", _LITERAL), rest)
    try:
        lexer = shlex.shlex(rest, posix=True)
    except ValueError:
        return rest.split()
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:  # an unbalanced quote: read it as plain words
        return rest.split()


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _instructions(text: str) -> Iterator[tuple[int, str, str]]:
    """``(line, INSTRUCTION, arguments)`` per logical line: continuations joined, comment
    lines (also those inside a continuation) dropped."""
    start, parts = 0, list[str]()
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and parts):
            continue
        if not parts:
            start = number
        continued = stripped.endswith("\\")
        parts.append(stripped[:-1] if continued else stripped)
        if continued:
            continue
        yield from _logical(start, parts)
        parts = []
    yield from _logical(start, parts)  # a file ending inside a continuation


def _logical(start: int, parts: list[str]) -> Iterator[tuple[int, str, str]]:
    logical = " ".join(p.strip() for p in parts).strip()
    if logical:
        instruction, _, rest = logical.partition(" ")
        yield start, instruction.upper(), rest.strip()
