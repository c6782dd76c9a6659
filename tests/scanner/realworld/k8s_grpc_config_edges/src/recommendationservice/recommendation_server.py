# Trimmed from src/recommendationservice/recommendation_server.py of the origin (profiler,
# tracing and health checks left out; the gRPC client and server kept as written).
import os
import random
import time
from concurrent import futures

import grpc

import demo_pb2
import demo_pb2_grpc


class RecommendationService(demo_pb2_grpc.RecommendationServiceServicer):
    def ListRecommendations(self, request, context):
        cat_response = product_catalog_stub.ListProducts(demo_pb2.Empty())
        product_ids = [x.id for x in cat_response.products]
        filtered_products = list(set(product_ids)-set(request.product_ids))
        prod_list = random.sample(filtered_products, min(5, len(filtered_products)))
        response = demo_pb2.ListRecommendationsResponse()
        response.product_ids.extend(prod_list)
        return response


if __name__ == "__main__":
    port = os.environ.get('PORT', "8080")
    catalog_addr = os.environ.get('PRODUCT_CATALOG_SERVICE_ADDR', '')
    if catalog_addr == "":
        raise Exception('PRODUCT_CATALOG_SERVICE_ADDR environment variable not set')
    channel = grpc.insecure_channel(catalog_addr)
    product_catalog_stub = demo_pb2_grpc.ProductCatalogServiceStub(channel)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    service = RecommendationService()
    demo_pb2_grpc.add_RecommendationServiceServicer_to_server(service, server)
    server.add_insecure_port('[::]:'+port)
    server.start()
    try:
         while True:
            time.sleep(10000)
    except KeyboardInterrupt:
            server.stop(0)
