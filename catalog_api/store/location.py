"""Where the database lives when nobody says: a per-user data folder, never the scanned repo
(a scan must not leave files behind in the code it reads)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$SERVICEMAP_DB`` if set, else ``$XDG_DATA_HOME/servicemap/servicemap.db`` with the
    XDG default ``~/.local/share`` when that is unset, empty or relative (as the spec says)."""
    env = os.environ if environ is None else environ
    if explicit := env.get("SERVICEMAP_DB"):
        return Path(explicit).expanduser()
    data_home = Path(env.get("XDG_DATA_HOME") or "")
    if not data_home.is_absolute():
        data_home = Path.home() / ".local" / "share"
    return data_home / "servicemap" / "servicemap.db"
