import os

SECRET_KEY = os.environ.get("SECRET_KEY", "order-dev-secret-key")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "orders",
]

ROOT_URLCONF = "config.urls"

AUTH_SERVICE_URL = os.environ.get("AUTH_SERVICE_URL", "http://localhost:8001")
CATALOG_SERVICE_URL = "http://localhost:8002"
