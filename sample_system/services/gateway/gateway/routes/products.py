"""Public product browsing, served from the catalog service."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, HTTPException, Query, status
from opentelemetry import trace
from pydantic import BaseModel

from gateway.dependencies import CatalogHttp, enforce_rate_limit

router = APIRouter(
    prefix="/products", tags=["products"], dependencies=[Depends(enforce_rate_limit)]
)
tracer = trace.get_tracer(__name__)


class ReviewSummary(BaseModel):
    count: int
    average_rating: float | None


class Product(BaseModel):
    """What the public sees of a catalog product (internal fields are dropped)."""

    id: int
    sku: str
    name: str
    description: str
    price_cents: int
    currency: str
    reviews: ReviewSummary | None = None


@router.get("")
async def list_products(
    catalog: CatalogHttp,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[Product]:
    params: dict[str, str | int] = {"limit": limit, "offset": offset}
    if q:
        params["q"] = q
    with tracer.start_as_current_span("gateway.list_products"):
        try:
            response = await catalog.get("/products", params=params)
        except httpx.HTTPError as exc:
            raise _catalog_unavailable() from exc
    body = _json_or_raise(response)
    return [Product.model_validate(item) for item in body["items"]]


@router.get("/{product_id}")
async def get_product(product_id: int, catalog: CatalogHttp) -> Product:
    with tracer.start_as_current_span("gateway.get_product") as span:
        span.set_attribute("shopfront.product_id", product_id)
        try:
            response = await catalog.get(f"/products/{product_id}")
        except httpx.HTTPError as exc:
            raise _catalog_unavailable() from exc
    if response.status_code == status.HTTP_404_NOT_FOUND:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="product not found")
    return Product.model_validate(_json_or_raise(response))


def _json_or_raise(response: httpx.Response) -> Any:
    if response.is_error:
        raise _catalog_unavailable()
    return response.json()


def _catalog_unavailable() -> HTTPException:
    return HTTPException(status.HTTP_502_BAD_GATEWAY, detail="catalog unavailable")
