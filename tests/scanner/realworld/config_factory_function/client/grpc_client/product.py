import grpc
from grpc_client import product_pb2_grpc


class ProductService:
    def __init__(self, host="localhost", port=50051):
        self.channel = grpc.insecure_channel(f"{host}:{port}")
        self.stub = product_pb2_grpc.ProductServiceStub(self.channel)

    def get_product(self, product_id):
        return self.stub.GetProduct(product_id)
