"""MongoDB persistence for ledger entries (database `ledger`, collection `entries`)."""

from __future__ import annotations

from typing import Any, Protocol

from opentelemetry import trace
from pymongo import MongoClient
from pymongo.results import UpdateResult

from ledger.entries import LedgerEntry
from ledger.settings import MONGO_URL

tracer = trace.get_tracer(__name__)

DATABASE = "ledger"
COLLECTION = "entries"


class EntriesCollection(Protocol):
    """The one pymongo Collection method the store needs."""

    def update_one(
        self, filter: dict[str, Any], update: dict[str, Any], upsert: bool = False
    ) -> UpdateResult: ...


def entries_collection() -> Any:
    """Majority write concern: a booked payment must survive a primary failover."""
    client: MongoClient[dict[str, Any]] = MongoClient(MONGO_URL, w="majority", tz_aware=True)
    return client[DATABASE][COLLECTION]


class LedgerStore:
    """Inserts an entry once; a redelivered event finds its document and changes nothing."""

    def __init__(self, entries: EntriesCollection) -> None:
        self._entries = entries

    def record(self, entry: LedgerEntry) -> bool:
        """True when the entry is new, False when this event was booked before."""
        with tracer.start_as_current_span("ledger.record_entry") as span:
            span.set_attribute("db.mongodb.collection", COLLECTION)
            document = entry.to_document()
            result = self._entries.update_one(
                {"_id": document["_id"]}, {"$setOnInsert": document}, upsert=True
            )
            return result.upserted_id is not None
