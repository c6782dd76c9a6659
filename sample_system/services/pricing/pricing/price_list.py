"""List prices, read straight from the catalog's database.

Pricing has no database of its own: it reads the catalog's `products` table with its own
read-only role. The catalog team owns that schema, so columns are named explicitly here.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Protocol

import psycopg
from opentelemetry import trace

tracer = trace.get_tracer(__name__)

LIST_PRICE_QUERY = "SELECT sku, price_cents, currency FROM products WHERE sku = %s AND active"


@dataclass(frozen=True)
class ListPrice:
    sku: str
    price_cents: int
    currency: str


class PriceListUnavailableError(Exception):
    """The catalog database could not be reached or queried."""


class PriceList(Protocol):
    """Where list prices come from."""

    def list_price(self, sku: str) -> ListPrice | None: ...


class CatalogPriceList:
    """Reads list prices over one long-lived connection, reopened after a failure.

    psycopg connections are thread-safe but serialise their queries; a lock makes the
    reconnect logic safe under the gRPC server's thread pool as well.
    """

    def __init__(self) -> None:
        self._connection: psycopg.Connection[tuple[str, int, str]] | None = None
        self._lock = threading.Lock()

    def list_price(self, sku: str) -> ListPrice | None:
        with tracer.start_as_current_span("price_list.list_price"), self._lock:
            try:
                row = self._connect().execute(LIST_PRICE_QUERY, (sku,)).fetchone()
            except psycopg.Error as exc:
                self._discard_connection()
                raise PriceListUnavailableError(str(exc)) from exc
        if row is None:
            return None
        return ListPrice(sku=row[0], price_cents=int(row[1]), currency=row[2])

    def _connect(self) -> psycopg.Connection[tuple[str, int, str]]:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(os.environ["CATALOG_DB_DSN"], autocommit=True)
        return self._connection

    def _discard_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
