from pathlib import Path
import environ

BASE_DIR = Path(__file__).resolve(strict=True).parent.parent.parent
env = environ.Env()
DATABASES = {"default": env.db("DATABASE_URL")}
INSTALLED_APPS = ["django.contrib.auth", "myproj.users"]
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
