"""The catalog API and web map, served by FastAPI: ``create_app(store)`` builds the app.

One router per resource (``graph``, ``nodes``, ``snapshots``, ``diagnostics``, ``drift``,
``map_svg``, ``pages``, ``health``, ``otlp``), shared dependencies in ``dependencies.py``.
"""

from __future__ import annotations

from catalog_api.api.app import create_app
from catalog_api.api.dependencies import require_token

__all__ = ["create_app", "require_token"]
