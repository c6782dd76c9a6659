import os

from .base import *  # noqa

DEBUG = False
CATALOG_SERVICE_URL = os.environ["CATALOG_SERVICE_URL"]
