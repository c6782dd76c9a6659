"""How values appear in evidence notes and diagnostics: secrets masked, unknown parts named."""

from __future__ import annotations

import re

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


def display(value: Value) -> str:
    """The value as a URL-like string, unknown parts as ``{name}`` (or ``{?}``)."""
    out = []
    for part in value.parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Unknown) and _HINT.match(part.hint):
            out.append("{" + part.hint.rsplit(".", 1)[-1] + "}")
        else:
            out.append("{?}")
    return "".join(out)
