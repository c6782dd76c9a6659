import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY    = os.environ.get('SECRET_KEY', 'frontend-dev-secret-key-2024')
DEBUG         = os.environ.get('DEBUG', 'True') == 'True'

INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'pages',
]

ROOT_URLCONF = 'frontend_service.urls'

WSGI_APPLICATION = 'frontend_service.wsgi.application'

# Microservice URLs
AUTH_SERVICE_URL = os.environ.get('AUTH_SERVICE_URL', 'http://localhost:8001')

CATALOG_SERVICE_URL = os.environ.get('CATALOG_SERVICE_URL', 'http://catalog_service:8002')
