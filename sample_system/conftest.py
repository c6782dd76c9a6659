"""Test wiring for the ShopFront sample: make each service importable as in its container.

Inside its container a service's directory is the working directory, so every service
imports its own code absolutely (`from orders.settings import settings`). Putting each
`services/<svc>` directory on sys.path reproduces that; package names are unique across
services, so all of them share one pytest process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

SERVICES_DIR = Path(__file__).resolve().parent / "services"


def _add_service_dirs_to_path() -> None:
    for service_dir in sorted(path for path in SERVICES_DIR.iterdir() if path.is_dir()):
        entry = str(service_dir)
        if entry not in sys.path:
            sys.path.insert(0, entry)


def _configure_django() -> None:
    """Set up the inventory service's Django project, on in-memory SQLite instead of Postgres.

    The override happens here rather than in a test settings module inside the service, so
    the service's code only ever names its real database.
    """
    if not (SERVICES_DIR / "inventory" / "inventory_site").is_dir():
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inventory_site.settings")
    import django
    from django.conf import settings

    settings.DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    }
    django.setup()


def pytest_configure(config: pytest.Config) -> None:
    # Starlette 1.x asks for the `httpx2` fork behind its TestClient; the sample's services
    # use `httpx` itself, which Starlette still supports with this one warning.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Using `httpx` with `starlette.testclient` is deprecated"
        ":starlette.exceptions.StarletteDeprecationWarning",
    )


_add_service_dirs_to_path()
_configure_django()
