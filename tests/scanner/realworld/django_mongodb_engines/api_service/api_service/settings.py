import os

INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "api"]

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
