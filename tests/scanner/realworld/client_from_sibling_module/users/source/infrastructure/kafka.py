# The client is built once, here; no other module of the service imports aiokafka.
from aiokafka import AIOKafkaProducer

from source.infrastructure.settings import application_settings

producer = AIOKafkaProducer(
    bootstrap_servers=application_settings.kafka_url,
    transactional_id='main-producer-0'
)
