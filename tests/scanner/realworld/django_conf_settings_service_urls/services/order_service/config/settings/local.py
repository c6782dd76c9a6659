from .base import *  # noqa

DEBUG = True
CATALOG_SERVICE_URL = "http://localhost:8002"
