import os

import requests
from flask import Flask

app = Flask(__name__)

detailsHostname = "details" if (os.environ.get("DETAILS_HOSTNAME") is None) else os.environ.get("DETAILS_HOSTNAME")
reviewsHostname = "reviews" if (os.environ.get("REVIEWS_HOSTNAME") is None) else os.environ.get("REVIEWS_HOSTNAME")

details = {"name": "http://{0}:9080".format(detailsHostname)}
reviews = {"name": "http://{0}:9080".format(reviewsHostname)}


def getProductDetails(product_id, headers):
    url = details["name"] + "/details/" + str(product_id)
    return requests.get(url, headers=headers, timeout=3.0)


def getProductReviews(product_id, headers):
    url = reviews["name"] + "/reviews/" + str(product_id)
    return requests.get(url, headers=headers, timeout=3.0)


@app.route("/productpage")
def front():
    return str(getProductDetails(0, {})) + str(getProductReviews(0, {}))


if __name__ == "__main__":
    app.run(host="::", port=9080)
