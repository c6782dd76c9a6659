# Every client of the service is built here (an in-house "clients" module).
import os

import httpx
import pika
import requests

billing = httpx.Client(base_url=os.environ["BILLING_URL"])
session = requests.Session()
BILLING_URL = os.environ["BILLING_URL"]
connection = pika.BlockingConnection(pika.URLParameters(os.environ["AMQP_URL"]))
channel = connection.channel()
