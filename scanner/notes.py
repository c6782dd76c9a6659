"""How values appear in evidence notes and diagnostics: secrets masked, unknown parts named."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scanner.values import Choice, EnvRef, Join, Unknown, Value

_SECRET_NAME = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@/\s]+@")
_HINT = re.compile(r"^[A-Za-z_][\w.]*$")


def redact(name: str, value: str) -> str:
    """An env value (or any note) fit for evidence: secrets and URL passwords masked."""
    if _SECRET_NAME.search(name):
        return "***"
    return _URL_PASSWORD.sub(r"\1***@", value)


def missing_env(value: Value) -> set[str]:
    """Environment variables a resolved value still waits for."""
    names: set[str] = set()
    for part in value.parts:
        if isinstance(part, EnvRef):
            names.add(part.name)
        elif isinstance(part, Join):
            names |= missing_env(part.base) | missing_env(part.ref)
        elif isinstance(part, Choice):
            names = names.union(*(missing_env(o) for o in part.options))
    return names


def display(value: Value, unnamed: str = "{?}") -> str:
    """The value as a URL-like string, unknown parts as ``{name}`` (or ``unnamed``)."""
    out = []
    for part in value.parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Unknown) and _HINT.match(part.hint):
            out.append("{" + part.hint.rsplit(".", 1)[-1] + "}")
        else:
            out.append(unnamed)
    return "".join(out)


def url_path(value: Value) -> str:
    """The path of a URL value, unknown segments as ``{name}`` or ``{?}``: split before the
    unknown parts are spelled out, so an unnamed one (``{?}``) is not read as the start of
    the query (``f"{base}/carpools/{c['pk']}/passengers"`` keeps its last segment)."""
    marker = "\ue000"  # a private-use character: no URL delimiter, never in source text
    return urlsplit(display(value, marker)).path.replace(marker, "{?}")
