from nameko.events import event_handler
from nameko.rpc import rpc

from products import dependencies


class ProductsService:

    name = 'products'

    storage = dependencies.Storage()

    @rpc
    def get(self, product_id):
        return self.storage.get(product_id)

    @event_handler('orders', 'order_created')
    def handle_order_created(self, payload):
        self.storage.decrement_stock(payload['order'], 1)
