"""Request bodies the order API accepts."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator


class OrderLine(BaseModel):
    sku: str = Field(min_length=1, max_length=64, pattern=r"^[A-Z0-9-]+$")
    quantity: int = Field(ge=1, le=100)


class ShippingAddress(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    line1: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=100)
    country: str = Field(pattern=r"^[A-Z]{2}$")


class NewOrder(BaseModel):
    """An order to place. Prices come from inventory (which asks pricing), never the client."""

    customer_id: str = Field(min_length=1, max_length=64)
    customer_email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    payment_method: str = Field(min_length=1, max_length=255)
    shipping_address: ShippingAddress
    items: list[OrderLine] = Field(min_length=1, max_length=50)

    @field_validator("items")
    @classmethod
    def skus_are_unique(cls, items: list[OrderLine]) -> list[OrderLine]:
        skus = [line.sku for line in items]
        if len(set(skus)) != len(skus):
            raise ValueError("each sku may appear only once")
        return items
