import redis


def get_cache():
    return redis.Redis(host="cache", port=6379)
