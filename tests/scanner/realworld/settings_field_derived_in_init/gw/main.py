import requests
from flask import Flask

from settings import settings

app = Flask(__name__)


@app.get("/cart")
def cart():
    return requests.get(f"{settings.CART_API_BASE}/users/1/cart").text
