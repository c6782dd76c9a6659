"""Builds the catalog Flask app (gunicorn calls `create_app()`)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from catalog import db
from catalog.cache import ProductCache, redis_from_env
from catalog.models import Base
from catalog.views import products


def create_app(*, engine: Engine | None = None, cache: ProductCache | None = None) -> Flask:
    """Create the catalog. The keyword arguments replace the real database and Redis in tests."""
    app = Flask(__name__)
    database = engine if engine is not None else db.engine
    # No migration tool yet: the schema is small and only ever grows, so create what is missing.
    Base.metadata.create_all(database)
    app.extensions["catalog.engine"] = database
    app.extensions["catalog.cache"] = cache if cache is not None else ProductCache(redis_from_env())
    app.register_blueprint(products)

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        return {"status": "ok"}, 200

    return app
