import os

INSTALLED_APPS = ["django.contrib.contenttypes"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "orders",
        "HOST": "localhost",
        "PORT": "5432",
    }
}
DATABASES["default"]["HOST"] = os.environ["ORDERS_DB_HOST"]
