import requests
from cache import get_cache
from events import publish
from flask import Flask
from sqlalchemy import create_engine

app = Flask(__name__)
engine = create_engine("postgresql://shop:shop@db:5432/shop")


@app.route("/orders/<oid>/pay", methods=["POST"])
def pay(oid):
    requests.post("https://api.stripe.com/v1/charges", data={"order": oid})
    get_cache().incr(f"paid:{oid}")
    publish(oid)
    return "ok"
