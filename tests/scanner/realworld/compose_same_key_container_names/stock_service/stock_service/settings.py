# encoding: utf-8

import os

from pathlib import Path

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = str(os.getenv("SECRET_KEY_STOCK_SERVICE"))
DEBUG = False if os.getenv("DOCKER_CONTAINER") else True

STOCK_SERVICE_EXTERNAL_API_URL = "https://stooq.com/q/l/?s={}&f=sd2t2ohlcvn&h&e=csv"

APPEND_SLASH = False

ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "stocks",
]
ROOT_URLCONF = "stock_service.urls"
WSGI_APPLICATION = "stock_service.wsgi.application"
STATIC_URL = "/static/"
