# As orders/orders/service.py of the origin: nameko_sqlalchemy's DatabaseSession picks its URL
# from config.yml DB_URIS["<service name>:<declarative base class name>"] = "orders:Base".
from nameko.events import EventDispatcher
from nameko.rpc import rpc
from nameko_sqlalchemy import DatabaseSession

from orders.models import DeclarativeBase, Order


class OrdersService:
    name = 'orders'

    db = DatabaseSession(DeclarativeBase)
    event_dispatcher = EventDispatcher()

    @rpc
    def get_order(self, order_id):
        return self.db.query(Order).get(order_id)

    @rpc
    def create_order(self, order_details):
        order = Order()
        self.db.add(order)
        self.db.commit()
        self.event_dispatcher('order_created', {'order': order.id})
        return order.id
