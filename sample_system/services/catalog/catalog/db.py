"""The catalog database (PostgreSQL). The products table is also read by pricing."""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine

DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgresql+psycopg://catalog:catalog@catalog-db:5432/catalog"
)

# Created at import; SQLAlchemy connects lazily, on the first query.
engine: Engine = create_engine(DATABASE_URL, pool_pre_ping=True, pool_size=5)
