"""HTTP routes of the catalog: browse, read, create and reprice products."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from opentelemetry import trace
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from catalog import validation
from catalog.cache import ProductCache
from catalog.models import Product
from catalog.reviews import fetch_review_summary

products = Blueprint("products", __name__)
tracer = trace.get_tracer(__name__)

MAX_PAGE_SIZE = 100


def _session() -> Session:
    return Session(current_app.extensions["catalog.engine"], expire_on_commit=False)


def _cache() -> ProductCache:
    cache: ProductCache = current_app.extensions["catalog.cache"]
    return cache


@products.get("/products")
def list_products() -> ResponseReturnValue:
    limit = request.args.get("limit", default=20, type=int) or 20
    offset = request.args.get("offset", default=0, type=int) or 0
    if not 1 <= limit <= MAX_PAGE_SIZE or offset < 0:
        return jsonify(error=f"limit must be 1-{MAX_PAGE_SIZE}, offset >= 0"), 400
    query = select(Product).where(Product.active.is_(True))
    if term := request.args.get("q", "").strip():
        pattern = f"%{term}%"
        query = query.where(or_(Product.name.ilike(pattern), Product.sku.ilike(pattern)))
    with tracer.start_as_current_span("catalog.list_products"), _session() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(Product.id).limit(limit).offset(offset)).all()
    items = [row.to_dict() for row in rows]
    return jsonify(items=items, total=total, limit=limit, offset=offset)


@products.get("/products/<int:product_id>")
def get_product(product_id: int) -> ResponseReturnValue:
    cached = _cache().get(product_id)
    if cached is not None:
        return jsonify(cached)
    with tracer.start_as_current_span("catalog.get_product"), _session() as session:
        product = session.get(Product, product_id)
    if product is None or not product.active:
        return jsonify(error="product not found"), 404
    document: dict[str, Any] = product.to_dict()
    document["reviews"] = fetch_review_summary(product_id)
    if document["reviews"] is not None:
        _cache().put(product_id, document)
    return jsonify(document)


@products.post("/products")
def create_product() -> ResponseReturnValue:
    try:
        fields = validation.new_product(request.get_json(silent=True))
    except validation.InvalidProductError as exc:
        return jsonify(error="invalid product", fields=exc.errors), 422
    product = Product(**fields)
    with tracer.start_as_current_span("catalog.create_product"), _session() as session:
        session.add(product)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return jsonify(error=f"sku {fields['sku']} already exists"), 409
    return jsonify(product.to_dict()), 201


@products.patch("/products/<int:product_id>")
def update_product(product_id: int) -> ResponseReturnValue:
    try:
        changes = validation.product_changes(request.get_json(silent=True))
    except validation.InvalidProductError as exc:
        return jsonify(error="invalid change", fields=exc.errors), 422
    with tracer.start_as_current_span("catalog.update_product"), _session() as session:
        product = session.get(Product, product_id)
        if product is None:
            return jsonify(error="product not found"), 404
        for field, value in changes.items():
            setattr(product, field, value)
        session.commit()
    _cache().invalidate(product_id)
    return jsonify(product.to_dict())
