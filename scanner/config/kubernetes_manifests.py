"""Kubernetes manifests as documents: their order of reading and the accessors every reader
of them shares.

A resource repeated in several files (kustomize bases and overlays, release bundles) is
read once: the declaration outside overlay and release directories (else the first by
path) comes first, so readers keep the first and let copies only fill in what it lacks.
"""

from __future__ import annotations

from collections.abc import Mapping

from scanner.config.yamlfile import Y

# Directories of kustomize overlays and of bundled or rendered releases: a resource there is
# read after (and only fills in) its declaration elsewhere.
_COPY_DIRECTORIES = frozenset(
    {"overlays", "overlay", "release", "releases", "bundle", "bundles", "rendered"}
)


def ordered_manifests(docs: Mapping[str, list[Y]]) -> list[tuple[str, Y]]:
    """Every document with its file, ``List`` items unpacked, base declarations before
    copies."""
    ordered = sorted(docs.items(), key=lambda item: (is_copy(item[0]), item[0]))
    return [(path, doc) for path, items in ordered for doc in _flatten(items)]


def is_copy(path: str) -> bool:
    """Whether a manifest lives where copies and patches of base manifests do."""
    return not _COPY_DIRECTORIES.isdisjoint(path.lower().split("/")[:-1])


def _flatten(items: list[Y]) -> list[Y]:
    out = []
    for doc in items:
        if kind_of(doc) == "List":
            out += at(doc, "items").elements()
        else:
            out.append(doc)
    return out


def kind_of(doc: Y) -> str:
    return (doc.get("kind") or Y(None, 0)).text or ""


def name_of(doc: Y) -> str:
    return at(doc, "metadata", "name").text or ""


def at(doc: Y | None, *keys: str) -> Y:
    """The value under ``keys``, or an empty value (line 0) when any is missing."""
    node: Y | None = doc
    for key in keys:
        node = node.get(key) if node is not None else None
    return node if node is not None else Y(None, 0)
