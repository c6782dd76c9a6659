import os
from bson.objectid import ObjectId

from nameko.rpc import rpc

from mongoengine import connect, DoesNotExist

from .models import Product


class ProductsService(object):
    name = 'products'

    mongodb_user = os.getenv('MONGODB_USER') or 'system'
    mongodb_password = os.getenv('MONGODB_PASSWORD') or 'system'
    mongodb_host = os.getenv('MONGODB_HOST') or 'localhost'
    mongodb_port = os.getenv('MONGODB_PORT') or '27017'
    mongodb_db_name = os.getenv('MONGODB_DB_NAME') or 'products'
    mongodb_authentication_base = os.getenv('MONGODB_AUTHENTICATION_BASE') or 'admin'

    connect(
        'products',
        username=mongodb_user,
        password=mongodb_password,
        host=mongodb_host,
        port=int(mongodb_port),
        authentication_source=mongodb_authentication_base
    )

    @rpc
    def health_check(self):
        return 'Products service is up and running!'

    @rpc
    def show(self, product_id):
        try:
            product = Product.objects.get(id=ObjectId(product_id))
        except DoesNotExist as err:
            return None
        return product.to_json()
