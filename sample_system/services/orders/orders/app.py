"""Builds the order service app; its clients live for the app's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial

import httpx
from fastapi import FastAPI
from sqlalchemy import Engine

from orders import db
from orders.clients import payments
from orders.events import OrderEvents
from orders.models import Base, Order
from orders.notifications import request_order_confirmation
from orders.placement import OrderPlacement
from orders.routes import router
from orders.settings import settings


def create_app(
    *,
    engine: Engine | None = None,
    inventory_transport: httpx.BaseTransport | None = None,
    payments_transport: httpx.AsyncBaseTransport | None = None,
    events: OrderEvents | None = None,
    notify: Callable[[Order], bool] = request_order_confirmation,
) -> FastAPI:
    """Create the order service. The keyword arguments replace the network edges in tests."""
    database = engine if engine is not None else db.engine

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Small schema owned by this service alone: create what is missing on start.
        Base.metadata.create_all(database)
        inventory_http = httpx.Client(
            timeout=settings.http_timeout_seconds, transport=inventory_transport
        )
        app.state.sessions = db.session_factory(database)
        app.state.placement = OrderPlacement(
            sessions=app.state.sessions,
            inventory_http=inventory_http,
            charge=partial(payments.charge, transport=payments_transport),
            events=events or OrderEvents(),
            notify=notify,
        )
        try:
            yield
        finally:
            inventory_http.close()

    app = FastAPI(title="ShopFront orders", lifespan=lifespan)
    app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
