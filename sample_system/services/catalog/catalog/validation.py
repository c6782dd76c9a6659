"""Validation of product payloads; errors are collected so clients see all of them at once."""

from __future__ import annotations

import re
from typing import Any

SKU_PATTERN = re.compile(r"^[A-Z0-9-]{1,64}$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


class InvalidProductError(ValueError):
    """The payload is not a valid product; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{field}: {why}" for field, why in errors.items()))
        self.errors = errors


def new_product(payload: Any) -> dict[str, Any]:
    """The fields of a product to create, or InvalidProductError."""
    if not isinstance(payload, dict):
        raise InvalidProductError({"body": "must be a JSON object"})
    errors: dict[str, str] = {}
    sku = payload.get("sku")
    if not isinstance(sku, str) or not SKU_PATTERN.match(sku):
        errors["sku"] = "1-64 characters of A-Z, 0-9 and '-'"
    name = payload.get("name")
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 200:
        errors["name"] = "1-200 characters"
    description = payload.get("description", "")
    if not isinstance(description, str):
        errors["description"] = "must be a string"
    errors.update(_price_errors(payload, required=True))
    if errors:
        raise InvalidProductError(errors)
    return {
        "sku": sku,
        "name": str(name).strip(),
        "description": description,
        "price_cents": payload["price_cents"],
        "currency": payload.get("currency", "EUR"),
    }


def product_changes(payload: Any) -> dict[str, Any]:
    """The fields a PATCH may change (price, currency, active), or InvalidProductError."""
    if not isinstance(payload, dict) or not payload:
        raise InvalidProductError({"body": "must be a non-empty JSON object"})
    unknown = set(payload) - {"price_cents", "currency", "active"}
    errors = dict.fromkeys(sorted(unknown), "cannot be changed")
    errors.update(_price_errors(payload, required=False))
    if "active" in payload and not isinstance(payload["active"], bool):
        errors["active"] = "must be true or false"
    if errors:
        raise InvalidProductError(errors)
    return dict(payload)


def _price_errors(payload: dict[str, Any], *, required: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    price = payload.get("price_cents")
    if (required or "price_cents" in payload) and (
        isinstance(price, bool) or not isinstance(price, int) or price <= 0
    ):
        errors["price_cents"] = "a positive integer"
    currency = payload.get("currency", "EUR")
    if not isinstance(currency, str) or not CURRENCY_PATTERN.match(currency):
        errors["currency"] = "an ISO 4217 code such as EUR"
    return errors
