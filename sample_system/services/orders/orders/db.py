"""The orders database (PostgreSQL), owned by this service alone."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from orders.settings import settings

# Created at import; SQLAlchemy connects lazily, on the first query.
engine: Engine = create_engine(settings.database_url, pool_pre_ping=True, pool_size=10)


def session_factory(bind: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind, expire_on_commit=False)
