"""YAML read into typed values that remember their line, so config evidence can point at it.

Built on PyYAML's safe composer (no object construction, no tags executed), the libyaml one
when PyYAML has it (the pure-Python composer was most of a rescan's time). Scalars stay
strings; merge keys (``<<: *defaults``) are applied, as compose files use them a lot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Y:
    """A YAML value and the 1-based line it starts on."""

    value: str | list[Y] | dict[str, Y] | None
    line: int

    def get(self, key: str) -> Y | None:
        return self.value.get(key) if isinstance(self.value, dict) else None

    @property
    def text(self) -> str | None:
        return self.value if isinstance(self.value, str) else None

    def items(self) -> list[tuple[str, Y]]:
        return list(self.value.items()) if isinstance(self.value, dict) else []

    def elements(self) -> list[Y]:
        return list(self.value) if isinstance(self.value, list) else []

    def texts(self) -> list[str]:
        """A string or a list of strings, as a list (compose accepts both in many places)."""
        if self.text is not None:
            return [self.text]
        return [e.text for e in self.elements() if e.text is not None]


def load_documents(text: str) -> list[Y]:
    """Every document of a YAML stream; raises ``yaml.YAMLError`` on malformed input."""
    return [_convert(node) for node in yaml.compose_all(text, Loader=_LOADER) if node is not None]


def _convert(node: yaml.Node) -> Y:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return Y(dict(_pairs(node)), line)
    if isinstance(node, yaml.SequenceNode):
        return Y([_convert(n) for n in node.value], line)
    scalar = str(node.value)
    quoted = bool(getattr(node, "style", None))
    is_null = not quoted and scalar in ("", "~", "null", "Null", "NULL")
    return Y(None if is_null else scalar, line)


def _pairs(node: yaml.MappingNode) -> Iterator[tuple[str, Y]]:
    merged: dict[str, Y] = {}
    own: dict[str, Y] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key == "<<":
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for source in sources:
                merged.update(_convert(source).items())
        else:
            own[key] = _convert(value_node)
    yield from {**merged, **own}.items()
