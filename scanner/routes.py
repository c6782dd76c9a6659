"""Route strings: prefixes from router mounts, and matching a called path to a served route.

A call to ``/orders/{order_id}`` (or ``/orders/{?}`` when the id is unknown) matches the
served route ``GET /orders/{id}``; the served template then names the edge's route, so the
caller's and the callee's views agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from scanner.findings import RouteDefinition

_PARAM = re.compile(r"^(\{.*\}|<.*>|:\w+)$")
MAX_MOUNT_DEPTH = 8


Mount = tuple[str, str, str | None]  # (router, resolved prefix, parent router)


def mounted_routes(routes: Iterable[RouteDefinition], mounts: Iterable[Mount]) -> set[str]:
    """``"METHOD /path"`` for every route, with the prefixes of the routers' mounts."""
    by_router: dict[str, list[Mount]] = {}
    for mount in mounts:
        by_router.setdefault(mount[0], []).append(mount)
    found = set()
    for route in routes:
        for prefix in _prefixes(route.router, by_router, 0):
            found.add(f"{route.method} {normalise(prefix + route.route)}")
    return found


def _prefixes(router: str | None, by_router: Mapping[str, list[Mount]], depth: int) -> list[str]:
    mounts = by_router.get(router, []) if router is not None else []
    if not mounts or depth > MAX_MOUNT_DEPTH:
        return [""]
    return [outer + m[1] for m in mounts for outer in _prefixes(m[2], by_router, depth + 1)]


def normalise(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path)
    return path if path.startswith("/") else "/" + path


def match_route(method: str, path: str, served: Iterable[str]) -> str | None:
    """The served ``"METHOD /template"`` a call matches, if exactly one does."""
    wanted = _segments(path)
    hits = []
    for route in served:
        served_method, _, template = route.partition(" ")
        if "ANY" not in (method, served_method) and method != served_method:
            continue
        segments = _segments(template)
        if len(segments) == len(wanted) and all(
            _same(a, b) for a, b in zip(segments, wanted, strict=True)
        ):
            hits.append(route)
    return hits[0] if len(hits) == 1 else None


def _segments(path: str) -> list[str]:
    return [s for s in path.split("?", 1)[0].strip("/").split("/") if s]


def _same(template: str, called: str) -> bool:
    return template == called or bool(_PARAM.match(template)) or bool(_PARAM.match(called))
