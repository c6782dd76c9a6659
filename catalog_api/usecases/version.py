"""The installed servicemap version, recorded in every snapshot it writes."""

from __future__ import annotations

from importlib import metadata


def tool_version() -> str:
    """The distribution's version, or ``0+unknown`` when running from an uninstalled tree."""
    try:
        return metadata.version("servicemap")
    except metadata.PackageNotFoundError:
        return "0+unknown"
