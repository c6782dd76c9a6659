"""Standalone apps side by side: a folder of scripts that each create a web app and run it
(``movies.py``: ``app = Flask(__name__)`` ... ``app.run(port=5001)``; ``users.py`` the same
on 5000) and call each other at ``http://127.0.0.1:5001/...``. With no manifest to say so,
each such file is a service of its own, named by the file, and the port its run call binds
(``app.run(port=...)``, ``uvicorn.run(app, port=...)``, ``web.run_app(app, port=...)``) is
where ``localhost:PORT`` reaches it.

Only folders holding two or more such files are split (one app in a folder is that folder's
service, as before), and only ports written as numbers are read (``port=5001``, or the
default of ``os.getenv("PORT", 5001)``): a port the code computes binds nothing we know.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from scanner.findings import AppDefinition, Finding
from scanner.modules import ModuleLoader
from scanner.services import Service

_RUN = re.compile(r"\b(?:([A-Za-z_]\w*)\.)?(run|run_app)\s*\(")
_NOT_APPS = frozenset({"asyncio", "subprocess", "trio", "anyio", "loop", "os", "uvloop"})
_PORT = re.compile(r"""\bport\s*=\s*(?:int\()?\s*(?:(\d{2,5})\b|[^,]*?['"]\s*,\s*['"]?(\d{2,5}))""")


def standalone_services(found: Iterable[Finding], loader: ModuleLoader) -> list[Service]:
    """Services for the app files of ``found`` that run themselves, when a folder holds two
    or more of them."""
    by_dir: dict[str, list[Service]] = {}
    for rel in sorted({f.path for f in found if isinstance(f, AppDefinition)}):
        ports = bound_ports(loader.sources.text(rel) or "")
        if ports is None:
            continue
        directory, name = posixpath.split(rel)
        service = Service(name.removesuffix(".py"), directory, command=f"python {name}")
        service.listens |= ports
        by_dir.setdefault(directory, []).append(service)
    return [s for apps in by_dir.values() if len(apps) > 1 for s in apps]


def bound_ports(text: str) -> set[int] | None:
    """The ports the module's run calls bind; None when it has no run call."""
    ports: set[int] | None = None
    for match in _RUN.finditer(text):
        owner, call = match.group(1), match.group(2)
        if owner in _NOT_APPS or (call == "run_app" and owner not in (None, "web")):
            continue
        ports = ports or set()
        arguments = _arguments(text, match.end())
        found = _PORT.search(arguments)
        if found is not None:
            ports.add(int(found.group(1) or found.group(2)))
    return ports


def _arguments(text: str, start: int, limit: int = 400) -> str:
    """The text of a call's arguments, from just after its ``(`` to the matching ``)``."""
    depth = 1
    for index in range(start, min(len(text), start + limit)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index]
    return text[start : start + limit]
