"""Request and response shapes of the stock API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from inventory.models import Reservation, StockItem


class StockItemSerializer(serializers.ModelSerializer[StockItem]):
    available = serializers.IntegerField(read_only=True)

    class Meta:
        model = StockItem
        fields = ("sku", "on_hand", "reserved", "available", "updated_at")
        read_only_fields = ("sku", "reserved", "updated_at")

    def validate_on_hand(self, value: int) -> int:
        if self.instance is not None and value < self.instance.reserved:
            raise serializers.ValidationError(
                f"cannot go below the {self.instance.reserved} units already reserved"
            )
        return value


class ReserveLineSerializer(serializers.Serializer[dict[str, Any]]):
    sku = serializers.RegexField(r"^[A-Z0-9-]{1,64}$")
    quantity = serializers.IntegerField(min_value=1, max_value=1000)


class ReserveRequestSerializer(serializers.Serializer[dict[str, Any]]):
    order_ref = serializers.CharField(max_length=64)
    items = ReserveLineSerializer(many=True, allow_empty=False, max_length=50)

    def validate_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        skus = [item["sku"] for item in items]
        if len(set(skus)) != len(skus):
            raise serializers.ValidationError("each sku may appear only once")
        return items


def reservation_document(reservation: Reservation) -> dict[str, Any]:
    lines = list(reservation.lines.order_by("id"))
    return {
        "order_ref": reservation.order_ref,
        "items": [
            {
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price_cents": line.unit_price_cents,
                "currency": line.currency,
            }
            for line in lines
        ],
        "total_cents": sum(line.quantity * line.unit_price_cents for line in lines),
    }
