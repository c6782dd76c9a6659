"""Quoting for names that come from scanned repositories, which may be hostile.

A service can be named ``"]; evil [label="x`` or ``<img onerror=...>``; every renderer sends
names through these functions so they stay text in DOT, Mermaid and the SVG Graphviz makes.
Control characters become their visible Unicode "control pictures" (XML cannot carry them).
"""

from __future__ import annotations

from urllib.parse import quote

_NEWLINES = ("\r\n", "\r", "\n")


def visible(text: str) -> str:
    """``text`` with newlines as ``\\n`` and other control characters shown as symbols."""
    for newline in _NEWLINES:
        text = text.replace(newline, "\n")
    return "".join(_visible_char(c) for c in text)


def _visible_char(c: str) -> str:
    code = ord(c)
    if c == "\n":
        return c
    if c == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 CONTROL PICTURES block
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0:
        return "\ufffd"
    return c


def dot_id(text: str) -> str:
    """A quoted DOT identifier; newlines kept as a literal ``\\n`` so one node is one line."""
    body = visible(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def dot_label(text: str) -> str:
    """A quoted DOT label (an escString): backslashes, quotes and ``&`` entities neutralised,
    newlines become centred line breaks."""
    body = (
        visible(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("&", "&amp;")
        .replace("\n", "\\n")
    )
    return f'"{body}"'


def element_id(prefix: str, *parts: str) -> str:
    """An SVG element id the web page decodes back (``decodeURIComponent``): each part is
    percent-encoded, so it holds only ASCII letters, digits, ``%``, ``:``, ``-``, ``_``, ``.``
    and ``~``; parts are joined by ``/``."""
    return prefix + ":" + "/".join(quote(p, safe=":") for p in parts)


_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#38;",
    "<": "#60;",
    ">": "#62;",
    "`": "#96;",
}


def mermaid_label(text: str) -> str:
    """Text for inside a quoted Mermaid label: markup characters as Mermaid entity codes,
    newlines as ``<br/>`` (the only markup we emit ourselves)."""
    escaped = "".join(_MERMAID_ENTITIES.get(c, c) for c in visible(text))
    return escaped.replace("\n", "<br/>")
