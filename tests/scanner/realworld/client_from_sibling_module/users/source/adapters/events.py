# Verbatim shape of users/source/adapters/events.py in the origin repository: the producer is
# imported from the infrastructure module, so this file never imports aiokafka itself.
from source.infrastructure.kafka import producer


class KafkaUserRegisteredEvent:
    async def trigger(self, user):
        async with producer.transaction():
            await producer.send_and_wait(
                topic='users',
                value=user.json().encode(),
                key=str(user.id).encode()
            )
