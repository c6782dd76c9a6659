"""Entry point (`python -m pricing.server`): serves Pricing until SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
from concurrent import futures
from types import FrameType

import grpc

from pricing import pricing_pb2_grpc
from pricing.price_list import CatalogPriceList, PriceList
from pricing.service import PricingService

logger = logging.getLogger(__name__)

GRPC_PORT = int(os.environ.get("GRPC_PORT", "50051"))
SHUTDOWN_GRACE_SECONDS = 10


def build_server(price_list: PriceList, address: str) -> tuple[grpc.Server, int]:
    """A started-ready server bound to `address`; returns it with the port actually bound."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    pricing_pb2_grpc.add_PricingServicer_to_server(PricingService(price_list), server)
    port = server.add_insecure_port(address)
    return server, port


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    server, port = build_server(CatalogPriceList(), f"[::]:{GRPC_PORT}")
    server.start()
    logger.info("pricing listening on port %d", port)

    def stop(signum: int, frame: FrameType | None) -> None:
        server.stop(SHUTDOWN_GRACE_SECONDS)

    signal.signal(signal.SIGTERM, stop)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
