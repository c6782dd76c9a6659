"""Routes of the stock API (mounted under /api/)."""

from __future__ import annotations

from django.urls import path

from inventory.views import ReserveStockView, StockItemView

urlpatterns = [
    path("stock/reserve/", ReserveStockView.as_view(), name="stock-reserve"),
    path("stock/<str:sku>/", StockItemView.as_view(), name="stock-item"),
]
