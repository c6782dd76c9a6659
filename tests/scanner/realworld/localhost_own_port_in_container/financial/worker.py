import requests


def create_invoice(data):
    # the financial container's own Django API (runserver 0.0.0.0:8000 in initialize.sh)
    response = requests.post('http://localhost:8000/api/v1/invoices', json=data)
    response.raise_for_status()


create_invoice({"order_id": 1})
