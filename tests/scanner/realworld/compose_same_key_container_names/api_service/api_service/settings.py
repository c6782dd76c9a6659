# encoding: utf-8
import os
import logging

from pathlib import Path
from datetime import timedelta

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

STOCK_SERVICE_BASE_URL = (
    "http://stock-service:7000/stock?stock_code={}"
    if os.getenv("DOCKER_CONTAINER")
    else "http://localhost:7000/stock?stock_code={}"
)
SECRET_KEY = str(os.getenv("SECRET_KEY_API_SERVICE"))
DEBUG = False if os.getenv("DOCKER_CONTAINER") else True

APPEND_SLASH = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "0.0.0.0"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt",
    "api",
    "django_createsuperuserwithpassword",
    "django_extensions",
]

ROOT_URLCONF = "api_service.urls"
WSGI_APPLICATION = "api_service.wsgi.application"


# Database
# https://docs.djangoproject.com/en/3.1/ref/settings/#databases

DATABASES = {
    "default": {
        "ENGINE": "djongo",
        "NAME": os.getenv("MONGO_INITDB_DATABASE", "stock_service_db"),
        "CLIENT": {
            "host": os.getenv("DB_HOST", "localhost"),
            "port": int(os.getenv("DB_PORT", 27017)),
            "username": os.getenv("MONGODB_ADMINUSERNAME", "root"),
            "password": os.getenv("MONGODB_ADMINPASSWORD", "pass12345"),
            "authSource": "admin",
            "authMechanism": "SCRAM-SHA-1",
        },
    }
}
STATIC_URL = "/static/"
