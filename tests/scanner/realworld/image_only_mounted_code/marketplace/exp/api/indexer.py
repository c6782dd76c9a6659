import json
import sched
import time

from kafka import KafkaConsumer

sch = sched.scheduler(time.time, time.sleep)

def update_indices(sc):
    consumer = KafkaConsumer('new-listings-topic', group_id='listing-indexer',  bootstrap_servers=['kafka:9092'])
    for message in consumer:
        try:
            carpools = json.loads(message.value.decode('utf-8'))
        except ValueError as e:
            print(e.message)
        data = carpools.get('data')
        if data:
            new_carpool = data[0]
            print(new_carpool)
    sch.enter(20, 1, update_indices, (sc,))


sch.enter(20, 1, update_indices, (sch,))
sch.run()
