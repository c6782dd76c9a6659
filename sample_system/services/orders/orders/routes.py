"""HTTP routes of the order service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from opentelemetry import trace
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from orders.models import Order
from orders.placement import OrderFailedError, OrderPlacement
from orders.schemas import NewOrder

router = APIRouter(prefix="/orders", tags=["orders"])
tracer = trace.get_tracer(__name__)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_order(new_order: NewOrder, request: Request) -> dict[str, Any]:
    placement: OrderPlacement = request.app.state.placement
    try:
        order = await placement.place(new_order)
    except OrderFailedError as exc:
        raise HTTPException(
            exc.status_code, detail=exc.detail, headers={"X-Order-Id": str(exc.order_id)}
        ) from exc
    return order.to_dict()


@router.get("/{order_id}")
def get_order(order_id: int, request: Request) -> dict[str, Any]:
    sessions: sessionmaker[Session] = request.app.state.sessions
    with tracer.start_as_current_span("orders.get_order"), sessions() as session:
        order = session.get(Order, order_id)
        if order is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="order not found")
        return order.to_dict()


@router.get("")
def list_orders(
    request: Request,
    customer_id: Annotated[str, Query(min_length=1, max_length=64)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, Any]]:
    sessions: sessionmaker[Session] = request.app.state.sessions
    query = (
        select(Order)
        .where(Order.customer_id == customer_id)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(limit)
    )
    with sessions() as session:
        return [order.to_dict() for order in session.scalars(query)]
