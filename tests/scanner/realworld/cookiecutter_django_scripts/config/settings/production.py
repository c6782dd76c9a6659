from .base import *  # noqa
from .base import env

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("REDIS_URL"),
    }
}
EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
