"""Review summaries from the legacy reviews system (a monolith outside ShopFront)."""

from __future__ import annotations

import logging
import os
from typing import Any

import requests
from opentelemetry import trace

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

REVIEWS_URL = os.getenv("REVIEWS_URL", "http://legacy-reviews.internal:8080")
TIMEOUT_SECONDS = 2.0


def fetch_review_summary(product_id: int) -> dict[str, Any] | None:
    """Count and average rating of a product's reviews; None when the legacy host fails.

    Reviews are decoration on a product page, so a slow or broken legacy host degrades
    the answer instead of failing it.
    """
    with tracer.start_as_current_span("reviews.fetch") as span:
        span.set_attribute("shopfront.product_id", product_id)
        try:
            response = requests.get(
                f"{REVIEWS_URL}/api/reviews/{product_id}", timeout=TIMEOUT_SECONDS
            )
        except requests.RequestException:
            logger.warning("legacy reviews unreachable for product %s", product_id)
            return None
    if response.status_code == 404:
        return {"count": 0, "average_rating": None}
    if not response.ok:
        logger.warning("legacy reviews answered %s", response.status_code)
        return None
    return summarize(response.json().get("reviews", []))


def summarize(reviews: list[dict[str, Any]]) -> dict[str, Any]:
    ratings = [int(review["rating"]) for review in reviews if 1 <= int(review["rating"]) <= 5]
    average = round(sum(ratings) / len(ratings), 1) if ratings else None
    return {"count": len(ratings), "average_rating": average}
