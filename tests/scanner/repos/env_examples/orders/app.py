import os
import smtplib

import redis
import requests
from fastapi import FastAPI
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine(os.environ["DATABASE_URL"])
cache = redis.Redis(host=os.environ["REDIS_HOST"])


@app.post("/orders")
def create_order():
    requests.post(os.environ["PAYMENTS_URL"] + "/pay")
    requests.post(os.getenv("REFUNDS_URL", "http://payments:8000") + "/refunds")
    smtplib.SMTP(os.environ["MAIL_HOST"])
    return {}
