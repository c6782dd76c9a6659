import grpc


class ProductServiceStub(object):
    def __init__(self, channel):
        self.GetProduct = channel.unary_unary("/product.ProductService/GetProduct")


class ProductServiceServicer(object):
    def GetProduct(self, request, context):
        raise NotImplementedError()


def add_ProductServiceServicer_to_server(servicer, server):
    handlers = {"GetProduct": grpc.unary_unary_rpc_method_handler(servicer.GetProduct)}
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("product.ProductService", handlers),))
