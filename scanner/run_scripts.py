"""Shell scripts a service runs as its command or entrypoint: what they start and export.

Images often run a script (``command: /start``, ``ENTRYPOINT ["/entrypoint"]``, ``CMD
["./run.sh"]``) that ``exec``s the real program and exports settings first: the
cookiecutter-django layout's ``/start`` runs gunicorn, ``/start-celeryworker`` runs ``celery
-A config.celery_app worker``, and ``/entrypoint`` builds ``DATABASE_URL`` from the
``POSTGRES_*`` variables. A script is found among the repository's files: the source a
Dockerfile ``COPY`` puts at that path, else the path relative to the build context or the
service's directory. Its top-level command lines are added to the service's command, so
services built from one image are told apart as if compose spelled their commands out, and
its top-level ``export NAME=value`` lines join the service's environment, interpolated with
it (an export naming a variable the service lacks is left out rather than half-filled).
Lines inside ``if``/``case``/loops and here-documents are not read: they run conditionally
(an entrypoint dispatching on ``$1`` would otherwise make every service run every branch).
Scripts are read, never run; one level deep.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Callable, Iterator, Mapping

from scanner.config.dockerfile import Dockerfile
from scanner.config.dotenv import EnvEntry
from scanner.config.interpolate import interpolate
from scanner.services import Service, command_of

MAX_SCRIPT_BYTES = 64 * 1024
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
_OPEN = frozenset({"if", "case", "for", "while", "until", "select"})
_CLOSE = frozenset({"fi", "esac", "done"})
_SKIPPED = frozenset(
    {"set", "echo", "printf", "cd", "sleep", "trap", "shift", "source", ".", "wait", "exit"}
)
_EXPORT = re.compile(r"export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)(:?-)?")
_CLOSED_HERE = re.compile(r"(?:^|[;\s])(?:fi|done|esac|\})\s*;?\s*$")  # ``if x; then y; fi``
_HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")

Image = tuple[Dockerfile, str | None]  # a service's Dockerfile and the stage it builds


def add_run_scripts(
    services: Mapping[str, Service],
    images: Callable[[Service], Image | None],
    paths: frozenset[str],
    read: Callable[[str], str | None],
) -> None:
    """Add what each service's command and entrypoint scripts run and export (see above)."""
    for service in services.values():
        image = images(service)
        added: list[str] = []
        for word in _script_words(service, image):
            script = _script_file(word, service, image, paths)
            text = read(script) if script is not None else None
            if script is None or text is None or len(text) > MAX_SCRIPT_BYTES:
                continue
            commands, exports = read_script(text)
            added += commands
            _export(service, exports, script)
        if added:
            service.command = " ; ".join([command_of(service), *added]).strip(" ;")


def read_script(text: str) -> tuple[list[str], list[tuple[int, str, str]]]:
    """(command lines, ``export`` (line, name, raw value)) at a script's top level."""
    commands: list[str] = []
    exports: list[tuple[int, str, str]] = []
    for number, line in _top_level(text):
        found = _EXPORT.match(line)
        if found is not None:
            exports.append((number, found.group(1), _unquoted(found.group(2))))
            continue
        words = line.split()
        if words[0] == "exec":
            words = words[1:]
        if words and words[0] not in _SKIPPED and "=" not in words[0] and "$" not in words[0]:
            commands.append(" ".join(words))
    return commands, exports


def _top_level(text: str) -> Iterator[tuple[int, str]]:
    """(line number, logical line) outside conditionals, loops and here-documents."""
    depth, heredoc, pending, start = 0, None, "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if heredoc is not None:
            heredoc = None if raw.strip() == heredoc else heredoc
            continue
        line = raw.strip()
        if line.endswith("\\"):
            pending, start = pending + line[:-1] + " ", start or number
            continue
        line, start, pending = (pending + line).strip(), start or number, ""
        if line and not line.startswith("#"):
            marker = _HEREDOC.search(line)
            heredoc = marker.group(1) if marker is not None else None
            first = line.split(maxsplit=1)[0].rstrip(";")
            opened = first in _OPEN or line.endswith("{")  # a block, a function body
            closed = first in _CLOSE or first == "}" or bool(_CLOSED_HERE.search(line))
            if depth == 0 and not opened and not closed and marker is None:
                yield start, line
            depth = max(0, depth + opened - closed)
        start = 0


def _export(service: Service, exports: list[tuple[int, str, str]], script: str) -> None:
    """Exports become the service's environment, in order (one may use the one before)."""
    for number, name, raw in exports:
        values = {k: e.value for k, e in service.env.items()}
        missing = [n for n, default in _REFERENCE.findall(raw) if n not in values and not default]
        if not missing:
            service.env[name] = EnvEntry(interpolate(raw, values), script, number)


def _script_words(service: Service, image: Image | None) -> list[str]:
    """The words that may name scripts: the program of the entrypoint and of the command
    (after a shell running a file: ``bash ./start.sh``)."""
    spec = service.compose
    stage = image[0].stage(image[1]) if image is not None else None
    entrypoint = (spec.entrypoint if spec is not None else None) or (
        stage.entrypoint if stage is not None else None
    )
    found = []
    for line in (entrypoint, command_of(service)):
        try:  # nothing quoted or escaped: as shlex splits it, at a tenth of the cost
            quoted = any(c in (line or "") for c in "'\"\\")
            words = shlex.split(line or "") if quoted else (line or "").split()
        except ValueError:
            continue
        if words and posixpath.basename(words[0]) in _SHELLS:
            words = [w for w in words[1:] if not w.startswith("-")]
            if "-c" in (line or "").split():
                continue  # an inline script, not a file
        if words:
            found.append(words[0])
    return found


def _script_file(
    word: str, service: Service, image: Image | None, paths: frozenset[str]
) -> str | None:
    """The repository file a script path names (see the module docstring)."""
    context = (service.compose.build_context if service.compose is not None else None) or (
        service.path or ""
    )
    stage = image[0].stage(image[1]) if image is not None else None
    for source, destination in stage.copies if stage is not None else []:
        if destination.rstrip("/") == word.rstrip("/"):
            found = posixpath.normpath(posixpath.join(context or ".", source))
        elif destination.endswith("/") and word.startswith(destination):
            found = posixpath.normpath(
                posixpath.join(context or ".", source, word[len(destination) :])
            )
        else:
            continue
        if found in paths:
            return found
    if not word.startswith("/"):
        found = posixpath.normpath(posixpath.join(context or ".", word))
        return found if found in paths else None
    return None


def _unquoted(value: str) -> str:
    """An assigned value as the shell reads it: quotes removed, a trailing comment cut."""
    try:
        words = shlex.split(value, comments=True)
    except ValueError:
        return value.strip()
    return words[0] if len(words) == 1 else value.split(" #", 1)[0].strip()
