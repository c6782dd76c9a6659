"""Stock per product and the reservations orders hold against it."""

from __future__ import annotations

from django.db import models


class StockItem(models.Model):
    """Units of one product in the warehouse; `reserved` units are promised to orders."""

    sku = models.CharField(max_length=64, unique=True)
    on_hand = models.PositiveIntegerField(default=0)
    reserved = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "stock_items"
        constraints = (
            models.CheckConstraint(
                condition=models.Q(reserved__lte=models.F("on_hand")),
                name="stock_reserved_within_on_hand",
            ),
        )

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Reservation(models.Model):
    """Stock held for one order; `order_ref` makes reserving idempotent per order."""

    order_ref = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reservations"


class ReservationLine(models.Model):
    """One product of a reservation, with the unit price pricing quoted when reserving."""

    reservation = models.ForeignKey(Reservation, related_name="lines", on_delete=models.CASCADE)
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)

    class Meta:
        db_table = "reservation_lines"
