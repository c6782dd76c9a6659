"""URL routes of the inventory service."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("api/", include("inventory.urls")),
]
