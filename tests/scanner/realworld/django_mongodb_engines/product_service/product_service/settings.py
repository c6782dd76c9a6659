INSTALLED_APPS = ["django.contrib.contenttypes", "products"]

DATABASES = {
    "default": {
        "ENGINE": "djongo",
        "NAME": "products",
        "ENFORCE_SCHEMA": False,
        "CLIENT": {
            "host": "mongodb://admin:secret@db-mongo:27017/products?authSource=admin",
        },
    }
}
