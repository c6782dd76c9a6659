import os

SECRET_KEY = os.environ.get('SECRET_KEY', 'catalog-dev-secret-key-2024')

INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
]

ROOT_URLCONF = 'catalog_service.urls'

# Only configured: the catalog checks tokens itself and never calls the auth service.
AUTH_SERVICE_URL = os.environ.get('AUTH_SERVICE_URL', 'http://localhost:8001')
