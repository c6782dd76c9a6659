import os

SECRET_KEY = os.environ.get('SECRET_KEY', 'auth-dev-secret-key-2024')

INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
]

ROOT_URLCONF = 'auth_service.urls'
