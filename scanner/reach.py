"""Libraries a module reaches through the repository's own modules that it imports.

A client is usually built once in an in-house module (``clients.py``,
``infrastructure/kafka.py``, ``main.py``) and used from modules that import only that
module: ``from app.clients import billing; billing.post("/invoices")``. Such a caller
imports no HTTP or Kafka library itself, yet it is where the call is; it must be parsed and
scanned by the detectors of the libraries behind its local imports. Read from text, without
parsing: local imports are found with a pattern and resolved as the importing service would
resolve them (:meth:`ModuleLoader.resolve_import`), up to :data:`DEPTH` modules deep, so a
package that re-exports its clients from ``__init__`` counts too.
"""

from __future__ import annotations

from scanner.index import ImportTarget
from scanner.modules import ModuleLoader
from scanner.text_imports import import_digest, import_targets, imported_roots, local_module_names

DEPTH = 2  # a client module, or a package re-exporting one


class Reach:
    """Memoised: the top-level modules imported by the local modules a file imports."""

    def __init__(self, loader: ModuleLoader, depth: int = DEPTH) -> None:
        self.loader = loader
        self.depth = depth
        self._local: dict[str, tuple[str, ...]] = {}
        self._targets: dict[str, list[ImportTarget]] = {}
        self._digests: dict[str, str] = {}  # module -> its import digest
        # (module, depth) -> (libraries reached, modules whose imports were read for it)
        self._roots: dict[tuple[str, int], tuple[frozenset[str], frozenset[str]]] = {}
        # names an absolute import can start with to reach repository code: most imports
        # (stdlib, third-party) are dismissed by one set lookup instead of a path search
        self._names = local_module_names(loader.sources.paths)

    def roots(self, rel: str, text: str) -> frozenset[str]:
        """Libraries ``rel`` (whose text is ``text``) reaches through its local imports. The
        modules whose imports were read to answer are noted, memoised answers too, so a
        cached result stays true while their imports and the file layout are unchanged."""
        found: set[str] = set()
        for module in self.local_modules(rel, text):
            reached, read = self._reached(module, self.depth)
            found |= reached
            for other in read:
                self.loader.sources.note_imports(other, self._digests[other])
        return frozenset(found)

    def local_modules(self, rel: str, text: str) -> tuple[str, ...]:
        """Repository files ``rel`` imports, in the order of its imports."""
        self.loader.sources.note_layout()  # which imports are local, and where they lead
        if rel not in self._local:
            modules: dict[str, None] = {}
            for target in self._import_targets(rel, text):
                if not target.level and target.module.split(".", 1)[0] not in self._names:
                    continue
                for module, _ in self.loader.resolve_import(rel, target):
                    if module != rel:
                        modules[module] = None
            self._local[rel] = tuple(modules)
        return self._local[rel]

    def _reached(self, rel: str, depth: int) -> tuple[frozenset[str], frozenset[str]]:
        key = (rel, depth)
        if key not in self._roots:
            self._roots[key] = (frozenset(), frozenset({rel}))  # an import cycle ends here
            text = self.loader.sources.text(rel) or ""  # unreadable: imports nothing
            found = set(imported_roots(text))
            read = {rel}
            if rel not in self._digests:  # what a record depending on it will check
                targets = self._import_targets(rel, text)
                self._digests[rel] = import_digest(text, frozenset(found), targets)
            if depth > 1:
                for module in self.local_modules(rel, text):
                    more, seen = self._reached(module, depth - 1)
                    found |= more
                    read |= seen
            self._roots[key] = (frozenset(found), frozenset(read))
        return self._roots[key]

    def _import_targets(self, rel: str, text: str) -> list[ImportTarget]:
        if rel not in self._targets:
            self._targets[rel] = import_targets(text)
        return self._targets[rel]
