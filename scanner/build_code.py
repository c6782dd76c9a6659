"""Where a compose service's code is when its build context is not its code directory.

``build: {context: .., dockerfile: ServiceD/.docker/Dockerfile}`` gives two services of one
parent directory the same context, and ``build: .docker`` (a folder holding only the
Dockerfile) a context with no code at all; taken as the code directory, the first makes two
services own each other's files and the second leaves the code to a service invented from
the folder's name. What the image really holds is what its Dockerfile copies from the
context: ``COPY ServiceD/app .``, ``COPY ./app /app``. So, only for those two layouts (a
Dockerfile outside the context's top, or a context without Python), the code directory is
the directory the Dockerfile copies that holds Python, else the one bind-mounted source
holding Python (``./app:/app``, as for image-only services: :mod:`scanner.mounted_code`),
else the rule that applies to every other build (:func:`scanner.ownership._code_directory`).
A Dockerfile whose context sits at its own top (``build: ./orders``) keeps its context,
whatever it copies: the rest of that directory (``manage.py``, ``config/``) is the
service's too.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping

from scanner.config.compose import ComposeService
from scanner.config.dockerfile import Stage, parse_dockerfile
from scanner.mounted_code import holds_python
from scanner.services import Service

_GLOB = frozenset("*?[")


def built_code(
    service: Service, paths: frozenset[str], dockerfiles: Mapping[str, str] | None
) -> str | None:
    """The code directory of a built compose service by what its Dockerfile copies (or
    mounts), or None to keep the usual rule. The context's name stops being an alias."""
    spec = service.compose
    if spec is None or spec.build_context is None or dockerfiles is None:
        return None
    context = spec.build_context
    dockerfile = _dockerfile_path(spec)
    at_top = posixpath.dirname(dockerfile) == context
    if at_top and holds_python(paths, context):
        return None
    found = _copied(spec, dockerfile, paths, dockerfiles)
    if found is None and not holds_python(paths, posixpath.dirname(dockerfile)):
        mounted = sorted({m for m in spec.mounts if _inside(m) and holds_python(paths, m)})
        found = mounted[0] if len(mounted) == 1 else None
    if found is None or found == context:
        return None
    if posixpath.basename(context) != service.name:
        service.aliases.discard(posixpath.basename(context))
    return found


def _dockerfile_path(spec: ComposeService) -> str:
    joined = posixpath.normpath(
        posixpath.join(spec.build_context or ".", spec.dockerfile or "Dockerfile")
    )
    return "" if joined == "." else joined


def _copied(
    spec: ComposeService, dockerfile: str, paths: frozenset[str], dockerfiles: Mapping[str, str]
) -> str | None:
    """The one directory holding Python that the Dockerfile copies from the context (of
    several, the one holding the Dockerfile, else the one copied to the working directory);
    None when the whole context is copied or nothing tells them apart."""
    text = dockerfiles.get(dockerfile)
    if text is None:
        return None
    parsed = parse_dockerfile(text, dockerfile, spec.build_args)
    found: dict[str, str] = {}  # directory -> where it is copied to
    for stage in parsed.stages:
        for source, directory, destination in copied_from_context(stage, spec.build_context):
            if not _GLOB & set(source) and holds_python(paths, directory):
                found.setdefault(directory, destination)
    if not found or (spec.build_context or "") in found:
        return None
    if len(found) == 1:
        return next(iter(found))
    holding = [d for d in found if dockerfile.startswith(f"{d}/")]
    here = [d for d, to in found.items() if to.rstrip("/") in (".", "")]
    chosen = holding or here
    return chosen[0] if len(chosen) == 1 else None


def copied_from_context(stage: Stage, context: str | None) -> Iterator[tuple[str, str, str]]:
    """(source as written, repository path, destination) of each ``COPY``/``ADD`` of a
    stage from its build context: not an absolute path, a here-document or a variable, and
    not outside the context."""
    for source, destination in stage.copies:
        if source.startswith(("/", "<<", "$")):
            continue
        joined = posixpath.normpath(posixpath.join(context or ".", source))
        path = "" if joined == "." else joined
        if _inside(path):
            yield source, path, destination


def _inside(directory: str) -> bool:
    return directory != ".." and not directory.startswith("../")
