INSTALLED_APPS = ["app"]
ROOT_URLCONF = "proj.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "HOST": "db",
    }
}
CELERY_BROKER_URL = "redis://redis:6379/0"
