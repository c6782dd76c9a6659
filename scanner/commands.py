"""What a service's command runs: a Celery worker or beat, a monitoring tool, or one of the
repository's own modules. Services built from one directory (web app, worker, consumer
script, Flower) are told apart by these, as the command is all that differs between them.
Commands are read as shell words, never run.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Sequence
from functools import lru_cache

_CELERY_VALUE_OPTIONS = frozenset(
    {"-A", "--app", "-b", "--broker", "--result-backend", "--loader", "--config", "--workdir"}
)


def runs_celery_worker(command: str) -> bool:
    """Whether a command starts a Celery worker: the ``celery`` program (``celery``,
    ``/venv/bin/celery``, ``python -m celery``; also inside ``sh -c "... && ..."``) whose
    sub-command, after its global options, is ``worker``. Flower (``flower --app=worker.celery``,
    ``celery flower``) and beat are not workers, however their arguments are spelled."""
    tokens = _tokens(command)
    for index, token in enumerate(tokens):
        if posixpath.basename(token) == "celery" and _subcommand(tokens[index + 1 :]) == "worker":
            return True
    return False


_SEPARATORS = frozenset({"&&", ";", "||"})
_BEAT_FLAGS = re.compile(r"-[BE]*B[BE]*")  # ``-B``, and ``-BE``: click joins short flags


def runs_celery_beat(command: str) -> bool:
    """Whether a command runs Celery's scheduler: ``celery ... beat``, or a worker embedding
    it (``celery ... worker -B``/``--beat``, the flag read up to the next ``&&``/``;``)."""
    tokens = _tokens(command)
    for index, token in enumerate(tokens):
        if posixpath.basename(token) != "celery":
            continue
        rest = tokens[index + 1 :]
        end = next((i for i, t in enumerate(rest) if t in _SEPARATORS), len(rest))
        subcommand = _subcommand(rest[:end])
        if subcommand == "beat":
            return True
        if subcommand == "worker" and any(
            t == "--beat" or _BEAT_FLAGS.fullmatch(t) for t in rest[:end]
        ):
            return True
    return False


def worker_queues(command: str) -> tuple[str, ...]:
    """The queues a Celery worker command listens on (``-Q a,b``, ``--queues=a,b``); none
    when it names none (it then serves the default queue)."""
    tokens = _tokens(command)
    if not runs_celery_worker(command):
        return ()
    found: list[str] = []
    for index, token in enumerate(tokens):
        option, equals, value = token.partition("=")
        if option in ("-Q", "--queues"):
            value = value if equals else (tokens[index + 1] if index + 1 < len(tokens) else "")
        elif token.startswith("-Q") and len(token) > 2:
            value = token[2:]
        else:
            continue
        found += [q for q in value.split(",") if q and not q.startswith("-")]
    return tuple(dict.fromkeys(found))


def _subcommand(arguments: Sequence[str]) -> str | None:
    skip = False
    for argument in arguments:
        if skip:
            skip = False
        elif argument.startswith("-"):
            skip = argument in _CELERY_VALUE_OPTIONS
        else:
            return argument
    return None


@lru_cache(maxsize=4096)
def _tokens(command: str) -> tuple[str, ...]:
    """Shell words, with quoted scripts (``sh -c "..."``) split too, ``&&``/``;`` apart
    (cached: every file of a shared directory asks about the same few commands)."""
    if not any(c in command for c in "'\"\\#"):
        words = command.split()  # nothing quoted, escaped or commented: as shlex splits it
    else:
        try:
            words = shlex.split(command)
        except ValueError:
            words = command.split()
    found: list[str] = []
    for word in words:
        parts = word.split() if " " in word else [word]
        found += [p for part in parts for p in re.split(r"(&&|;|\|\|)", part) if p]
    # ``watchfiles celery.__main__.main --args '-A proj worker'`` (a reloading worker)
    return tuple("celery" if t.startswith("celery.__main__") else t for t in found)


def command_words(command: str) -> tuple[str, ...]:
    """A command's shell words, scripts given to ``sh -c`` split too (see :func:`_tokens`)."""
    return _tokens(command)


_MONITORS = frozenset({"flower", "events", "inspect", "status"})


def runs_monitor(command: str) -> bool:
    """Flower and Celery's monitoring sub-commands: they run none of the service's code."""
    tokens = _tokens(command)
    for index, token in enumerate(tokens):
        name = posixpath.basename(token)
        if name == "flower" or (name == "celery" and _subcommand(tokens[index + 1 :]) in _MONITORS):
            return True
    return False


def runs_module(command: str, rel: str, directory: str) -> bool:
    """Whether ``command`` names the file ``rel`` (of a service in ``directory``) as what it
    runs: its path (``python consumer.py``), module (``python -m worker.consumer``) or a
    ``module:attribute`` target (``uvicorn main:app``, ``gunicorn app.wsgi:application``)."""
    inside = rel[len(directory) + 1 :] if directory else rel
    module = inside.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    for token in _tokens(command):
        target = token.split("=", 1)[-1].split(":", 1)[0].removeprefix("./")
        if target and target in (inside, module):
            return True
    return False


_SUBCOMMANDS = frozenset({"rq", "celery", "flask", "faust", "manage.py", "django-admin", "alembic"})


def entry_files(command: str, directory: str, paths: frozenset[str]) -> tuple[str, ...]:
    """The repository files ``command`` runs (the inverse of :func:`runs_module`): each word
    read as a script path (``consumer.py``, ``manage.py``), a module (``-m worker.main``) or
    a ``module:attribute`` target (``uvicorn main:app``, ``--app=proj``), kept when the file
    exists in the service's ``directory``. Words that name nothing there (``python``,
    ``0.0.0.0:8000``) and sub-commands (``rq worker``, ``manage.py runserver``) are
    dropped."""
    prefix = f"{directory}/" if directory else ""
    found: dict[str, None] = {}
    tokens = _tokens(command)
    for index, token in enumerate(tokens):
        target = token.split("=", 1)[-1].split(":", 1)[0].removeprefix("./")
        if index and posixpath.basename(tokens[index - 1]) in _SUBCOMMANDS and token == target:
            continue  # ``rq worker``: a sub-command, not the ``worker`` module
        if target.endswith(".py"):
            candidates = [target]
        elif target and all(part.isidentifier() for part in target.split(".")):
            stem = target.replace(".", "/")
            candidates = [f"{stem}.py", f"{stem}/__init__.py"]
            owner, _, attribute = stem.rpartition("/")
            if owner and attribute[:1].isupper():  # ``arq app.worker.WorkerSettings``
                candidates += [f"{owner}.py", f"{owner}/__init__.py"]
        else:
            continue
        found.update((prefix + c, None) for c in candidates if prefix + c in paths)
    return tuple(found)
