"""Route strings: prefixes from router mounts, one template form, and matching calls to routes.

Every framework spells parameters its own way (Flask ``<int:id>``, Django ``<str:sku>`` or
``(?P<sku>[^/]+)``, aiohttp ``{id:\\d+}``, Starlette ``{id:path}``); served routes are rewritten
to one form, ``{name}``, so that a call to ``/orders/{order_id}`` (or ``/orders/{?}`` when the
id is unknown, or ``/orders/42``) matches the served ``GET /orders/{id}`` whatever the
framework, and the served template then names the edge's route.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from scanner.findings import RouteDefinition

_PARAM = re.compile(r"^(\{.*\}|<.*>|:\w+)$")
MAX_MOUNT_DEPTH = 8


# (router, resolved prefix, parent router, own prefix the mount replaces or None to prepend)
Mount = tuple[str, str, str | None, str | None]


def mounted_routes(routes: Iterable[RouteDefinition], mounts: Iterable[Mount]) -> set[str]:
    """``"METHOD /path"`` for every route, with the prefixes of the routers' mounts."""
    by_router: dict[str, list[Mount]] = {}
    for mount in mounts:
        by_router.setdefault(mount[0], []).append(mount)
    found = set()
    for route in routes:
        for prefix, own in _prefixes(route.router, by_router, 0):
            path = route.route[len(own) :] if route.route.startswith(own) else route.route
            found.add(f"{route.method} {template(normalise(prefix + path))}")
    return found


def _prefixes(
    router: str | None, by_router: Mapping[str, list[Mount]], depth: int
) -> list[tuple[str, str]]:
    """(prefix, own prefix to strip from the route) for every chain of mounts of ``router``.

    Flask semantics where a mount says what it replaces: the registration's ``url_prefix``,
    when given, replaces the blueprint's own, and a nested blueprint's prefix follows its
    parent's (``parent.register_blueprint(child, url_prefix=...)``)."""
    mounts = by_router.get(router, []) if router is not None else []
    if not mounts or depth > MAX_MOUNT_DEPTH:
        return [("", "")]
    found = []
    for _, prefix, parent, replaces in mounts:
        level, own = (prefix or replaces, replaces) if replaces is not None else (prefix, "")
        found += [(outer + level, own) for outer, _ in _prefixes(parent, by_router, depth + 1)]
    return found


def normalise(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path)
    return path if path.startswith("/") else "/" + path


def template(path: str) -> str:
    """``path`` with every parameter spelled ``{name}`` (``{?}`` for an unnamed regex group).

    Werkzeug/Django ``<int:id>`` and ``<id>``, Sanic ``<id:int>``, Django regex groups
    ``(?P<id>[^/]+)``, aiohttp ``{id:\\d+}`` and Starlette ``{id:path}`` all become ``{id}``.
    """
    out, i = [], 0
    while i < len(path):
        char = path[i]
        if char == "(" and not path.startswith("(?:", i):
            end = _closing(path, i, "(", ")")
            named = re.match(r"\(\?P<(\w+)>", path[i:])
            out.append("{" + (named.group(1) if named else "?") + "}")
        elif char == "{":
            end = _closing(path, i, "{", "}")
            out.append("{" + path[i + 1 : end].split(":", 1)[0].strip() + "}")
        elif char == "<" and (end := path.find(">", i)) != -1:
            out.append("{" + _angle_name(path[i + 1 : end]) + "}")
        elif char == "\\" and i + 1 < len(path):
            end = i + 1
            out.append(path[end])
        else:
            end = i
            out.append(char)
        i = end + 1
    return "".join(out)


_TYPES = frozenset(
    {"str", "string", "int", "float", "path", "uuid", "slug", "alpha", "number", "ymd", "ext"}
)


def _angle_name(inside: str) -> str:
    """The name in ``<converter:name>`` (Werkzeug, Django) or ``<name:type>`` (Sanic)."""
    left, colon, right = inside.rpartition(":")
    if not colon or (right.isidentifier() and right not in _TYPES):
        return right.strip()
    return left.strip() if left.isidentifier() else right.strip()


def _closing(text: str, start: int, opening: str, closing: str) -> int:
    """Where the bracket opened at ``start`` closes (nesting and escapes counted)."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += (text[i] == opening) - (text[i] == closing)
        if depth == 0:
            return i
        i += 1
    return len(text) - 1


_QUERY = re.compile(r"(?<!\{)\?")


def match_route(method: str, path: str, served: Iterable[str]) -> str | None:
    """The served ``"METHOD /template"`` a call to ``path`` hits, if one fits best.

    Segment-wise: a template ``{param}`` takes any one segment, an unknown called segment
    (``{?}``) may stand for any literal; trailing slashes do not count. Literal agreement
    outranks a parameter (``/products/search`` over ``/products/{id}``) and the call's own
    method outranks ``ANY``; a tie between different templates is no match.
    """
    wanted = _segments(path)
    scored: dict[str, int] = {}
    for route in served:
        served_method, _, served_path = route.partition(" ")
        if "ANY" not in (method, served_method) and method != served_method:
            continue
        score = _score(_segments(served_path), wanted)
        if score is not None:
            scored[route] = 2 * score + (served_method == method)
    if not scored:
        return None
    best = max(scored.values())
    hits = [route for route, score in scored.items() if score == best]
    return hits[0] if len(hits) == 1 else None


def _segments(path: str) -> list[str]:
    path = _QUERY.split(path, maxsplit=1)[0]  # a query, not the "?" of an unknown "{?}"
    return [s for s in path.strip("/").split("/") if s]


def _score(served: list[str], called: list[str]) -> int | None:
    """How closely segments agree (literal pairs count most), ``None`` when they cannot."""
    if len(served) != len(called):
        return None
    score = 0
    for template_part, called_part in zip(served, called, strict=True):
        if template_part == called_part:
            score += 2 * len(served)
        elif _PARAM.match(template_part):
            score += 1
        elif not _PARAM.match(called_part):
            return None
    return score
