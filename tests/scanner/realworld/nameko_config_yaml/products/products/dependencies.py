# As products/products/dependencies.py of the origin: the Redis URL is nameko's config key
# REDIS_URI, defined in products/config.yml with ${VAR:default} references to compose env.
from nameko import config
from nameko.extensions import DependencyProvider
import redis


REDIS_URI_KEY = 'REDIS_URI'


class StorageWrapper:
    def __init__(self, client):
        self.client = client

    def get(self, product_id):
        return self.client.hgetall('products:{}'.format(product_id))

    def decrement_stock(self, product_id, amount):
        return self.client.hincrby('products:{}'.format(product_id), 'in_stock', -amount)


class Storage(DependencyProvider):

    def setup(self):
        self.client = redis.StrictRedis.from_url(config.get(REDIS_URI_KEY))

    def get_dependency(self, worker_ctx):
        return StorageWrapper(self.client)
