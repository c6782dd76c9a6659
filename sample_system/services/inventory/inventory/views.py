"""Stock API: read and restock one product, reserve stock for an order."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from opentelemetry import trace
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory.models import StockItem
from inventory.pricing_client import PricingUnavailableError, pricing_client
from inventory.reservations import InsufficientStockError, Line, UnknownSkuError, reserve
from inventory.serializers import (
    ReserveRequestSerializer,
    StockItemSerializer,
    reservation_document,
)

tracer = trace.get_tracer(__name__)


class StockItemView(APIView):
    """GET the stock of one sku; PUT its on-hand count after a delivery or a stock take."""

    def get(self, request: Request, sku: str) -> Response:
        item = get_object_or_404(StockItem, sku=sku)
        return Response(StockItemSerializer(item).data)

    def put(self, request: Request, sku: str) -> Response:
        item, _ = StockItem.objects.get_or_create(sku=sku)
        serializer = StockItemSerializer(item, data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class ReserveStockView(APIView):
    """POST a reservation for an order; retries with the same order_ref get the same answer."""

    def post(self, request: Request) -> Response:
        serializer = ReserveRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lines = [Line(item["sku"], item["quantity"]) for item in data["items"]]
        with tracer.start_as_current_span("inventory.reserve_stock"):
            try:
                reservation, created = reserve(data["order_ref"], lines, pricing_client())
            except UnknownSkuError as exc:
                return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
            except InsufficientStockError as exc:
                return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
            except PricingUnavailableError:
                return Response(
                    {"detail": "pricing unavailable, retry later"},
                    status=status.HTTP_503_SERVICE_UNAVAILABLE,
                )
        return Response(
            reservation_document(reservation),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
