import os


class BaseConfig:
    GRPC_HOST = os.getenv("GRPC_SERVER_HOST", "localhost")
    GRPC_PORT = int(os.getenv("GRPC_SERVER_PORT", "50051"))


class DevelopmentConfig(BaseConfig):
    DEBUG = True


class ProductionConfig(BaseConfig):
    DEBUG = False


def get_config():
    """Return config class based on ENV variable."""
    env = os.getenv("FLASK_ENV", "development").lower()
    if env == "production":
        return ProductionConfig
    return DevelopmentConfig
