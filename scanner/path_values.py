"""File paths built with ``pathlib`` division and ``os.path.join``, as values.

Settings name files relative to a directory computed at run time: Django's ``'NAME':
BASE_DIR / 'db.sqlite3'`` or ``os.path.join(BASE_DIR, 'db.sqlite3')`` with ``BASE_DIR =
Path(__file__).resolve().parent.parent``. The directory is unknowable statically but the file
name is written, and a SQLite node is named by its file name, so an unknown directory is
dropped and the written parts kept (``db.sqlite3``). A path whose last part is unknown stays
unknown. Division is only read as a path when its left side looks like a path (``Path``,
``__file__``, ``os.path``, ``.parent``, a ``*_DIR`` name): ``a / b`` on numbers is not a value.
"""

from __future__ import annotations

import re

import libcst as cst

from scanner.modules import ModuleContext
from scanner.values import Value

PATH_JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})
PATH_MAKERS = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath", "os.fspath"}
)
_PATH_LIKE = re.compile(r"\bPath\b|__file__|os\.path\.|\.parent\b|\bjoinpath\b|_DIR\b|_PATH\b")


def looks_like_path(code: str) -> bool:
    """Whether an expression's source reads as a filesystem path."""
    return bool(_PATH_LIKE.search(code))


def path_join(ctx: ModuleContext, node: cst.BaseExpression, parts: list[Value]) -> Value:
    """``parts`` joined by ``/``; an absolute part restarts the path (as ``os.path.join``
    does) and an unknown part drops what came before it."""
    if not parts or parts[-1].is_unknown:
        return Value.unknown(ctx.code(node))
    out: Value | None = None
    for part in parts:
        text = part.text
        if part.is_unknown or (text is not None and text.startswith("/")) or out is None:
            out = Value() if part.is_unknown else part
        elif text == "":
            continue
        else:
            out = _slash(out) + part
    return out if out is not None else Value.unknown(ctx.code(node))


def _slash(value: Value) -> Value:
    tail = value.parts[-1] if value.parts else ""
    if not value.parts or (isinstance(tail, str) and tail.endswith("/")):
        return value
    return value + Value.of("/")
