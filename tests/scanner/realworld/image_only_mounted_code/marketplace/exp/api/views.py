import json

import requests
from django.http import JsonResponse, QueryDict
from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers='kafka:9092', retries=5)


def create_carpool(request):
    if request.method == 'POST':
        res_json = {'detail': 'created', 'data': [dict(request.POST)]}
        producer.send('new-listings-topic', json.dumps(res_json).encode('utf-8'))
        return JsonResponse(res_json, status=201)
