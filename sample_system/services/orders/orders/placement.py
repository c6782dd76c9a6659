"""Placing an order: reserve stock, record, charge, then announce.

The order row is written first so every later step (reservation, charge) can be keyed by
its id and safely retried. Announcing is best effort: a confirmed, paid order is never
rolled back because RabbitMQ or the Celery broker is briefly down.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from anyio import to_thread
from opentelemetry import trace
from sqlalchemy.orm import Session, sessionmaker

from orders.clients import inventory, payments
from orders.events import OrderEvents
from orders.models import Order, OrderItem, OrderStatus
from orders.notifications import request_order_confirmation
from orders.schemas import NewOrder

tracer = trace.get_tracer(__name__)

Charger = Callable[[payments.ChargeRequest], Awaitable[str]]


class OrderFailedError(Exception):
    """Placing the order stopped; `status_code` and `detail` are what the API answers."""

    def __init__(self, status_code: int, detail: str, order_id: int) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.order_id = order_id


@dataclass
class OrderPlacement:
    sessions: sessionmaker[Session]
    inventory_http: httpx.Client
    charge: Charger
    events: OrderEvents
    notify: Callable[[Order], bool] = request_order_confirmation

    async def place(self, new_order: NewOrder) -> Order:
        with tracer.start_as_current_span("orders.place_order") as span:
            order = await to_thread.run_sync(self._create_pending, new_order)
            span.set_attribute("shopfront.order_id", order.id)
            lines = [(line.sku, line.quantity) for line in new_order.items]
            try:
                reserved = await to_thread.run_sync(
                    inventory.reserve_stock, self.inventory_http, f"order-{order.id}", lines
                )
            except inventory.StockRejectedError as exc:
                raise await self._fail(order, OrderStatus.REJECTED, 409, exc.detail) from exc
            except inventory.InventoryUnavailableError as exc:
                raise await self._fail(
                    order, OrderStatus.FAILED, 503, "inventory unavailable"
                ) from exc
            if len({line.currency for line in reserved}) != 1:
                detail = "inventory priced the lines in several currencies"
                raise await self._fail(order, OrderStatus.FAILED, 502, detail)
            order = await to_thread.run_sync(self._price, order.id, reserved)
            try:
                charge_id = await self.charge(_charge_request(order, new_order.payment_method))
            except payments.PaymentDeclinedError as exc:
                raise await self._fail(order, OrderStatus.PAYMENT_DECLINED, 402, str(exc)) from exc
            except payments.PaymentsUnavailableError as exc:
                raise await self._fail(
                    order, OrderStatus.FAILED, 503, "payments unavailable"
                ) from exc
            order = await to_thread.run_sync(self._confirm, order.id, charge_id)
            await to_thread.run_sync(self._announce, order)
        return order

    def _create_pending(self, new_order: NewOrder) -> Order:
        order = Order(
            customer_id=new_order.customer_id,
            customer_email=new_order.customer_email,
            shipping_address=new_order.shipping_address.model_dump(),
            status=OrderStatus.PENDING,
        )
        with self.sessions.begin() as session:
            session.add(order)
        return order

    def _price(self, order_id: int, reserved: list[inventory.ReservedLine]) -> Order:
        with self.sessions.begin() as session:
            order = session.get_one(Order, order_id)
            order.items = [
                OrderItem(
                    sku=line.sku, quantity=line.quantity, unit_price_cents=line.unit_price_cents
                )
                for line in reserved
            ]
            order.total_cents = sum(line.quantity * line.unit_price_cents for line in reserved)
            order.currency = reserved[0].currency
        return order

    def _confirm(self, order_id: int, charge_id: str) -> Order:
        with self.sessions.begin() as session:
            order = session.get_one(Order, order_id)
            order.status = OrderStatus.CONFIRMED
            order.charge_id = charge_id
        return order

    def _announce(self, order: Order) -> None:
        self.events.order_created(
            {
                "order_id": str(order.id),
                "customer_email": order.customer_email,
                "shipping_address": order.shipping_address,
                "items": [item.to_dict() for item in order.items],
                "total_cents": order.total_cents,
                "currency": order.currency,
            }
        )
        self.notify(order)

    async def _fail(
        self, order: Order, status: OrderStatus, status_code: int, detail: str
    ) -> OrderFailedError:
        def mark() -> None:
            with self.sessions.begin() as session:
                session.get_one(Order, order.id).status = status

        await to_thread.run_sync(mark)
        return OrderFailedError(status_code, detail, order.id)


def _charge_request(order: Order, payment_method: str) -> payments.ChargeRequest:
    return payments.ChargeRequest(
        order_id=str(order.id),
        amount_cents=order.total_cents,
        currency=order.currency,
        payment_method=payment_method,
        customer_email=order.customer_email,
    )
