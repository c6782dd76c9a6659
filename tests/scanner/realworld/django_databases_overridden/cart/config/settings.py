import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ["django.contrib.contenttypes"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

DATABASE_URL = os.environ.get("DB_CONNECTION_STRING")
db_from_env = dj_database_url.config(default=DATABASE_URL, conn_max_age=500, ssl_require=False)

DATABASES["default"].update(db_from_env)
