import os

import requests
from flask import Flask

from services import nice_json

app = Flask(__name__)


@app.route("/users/<username>/bookings", methods=["GET"])
def user_bookings(username):
    bookings = requests.get(f"http://127.0.0.1:5003/bookings/{username}")
    movie = requests.get("http://localhost:5001/movies/267eedb8")
    return nice_json({"b": bookings.json(), "m": movie.json()})


@app.route("/users/<username>/elsewhere", methods=["GET"])
def elsewhere(username):
    # no app in the folder binds 5999: a local address nobody serves, no edge
    return nice_json(requests.get("http://127.0.0.1:5999/x").json())


if __name__ == "__main__":
    app.run(port=int(os.environ.get("PORT", 5000)), debug=True)
