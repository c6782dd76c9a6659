import requests
from django.conf import settings


def book_price(book_id):
    base = settings.CATALOG_SERVICE_URL
    resp = requests.get(f"{base}/api/catalog/books/{book_id}/", timeout=5)
    return resp.json()["price"]
