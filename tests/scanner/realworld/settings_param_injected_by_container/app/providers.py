from aiokafka import AIOKafkaConsumer
from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from settings import Settings, get_settings


class AppProvider(Provider):
    @provide(scope=Scope.APP)
    def settings(self) -> Settings:
        return get_settings()

    @provide(scope=Scope.APP)
    def redis(self, settings: Settings) -> Redis:
        return Redis.from_url(settings.redis_url)

    @provide(scope=Scope.APP)
    def consumer(self, settings: Settings) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(settings.kafka_topic, bootstrap_servers=settings.kafka_url)
