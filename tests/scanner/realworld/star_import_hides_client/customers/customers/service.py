from nameko.rpc import rpc
from nameko_sqlalchemy import DatabaseSession

from .models import *


class Command:
    name = 'command_customers'
    db = DatabaseSession(DeclarativeBase)

    @rpc
    def add(self, name):
        self.db.add(Customer(name=name))
        self.db.commit()


class Query:
    name = 'query_customers'

    @rpc
    def get(self, id):
        return QueryCustomer.objects.get(id=id).to_json()
