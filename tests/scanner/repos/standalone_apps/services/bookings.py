import requests
from flask import Flask

from services import nice_json

app = Flask(__name__)


@app.route("/bookings/<username>", methods=["GET"])
def booking_record(username):
    return nice_json({"user": username})


@app.route("/bookings/<username>/showtimes", methods=["GET"])
def booking_showtimes(username):
    times = requests.get("http://127.0.0.1:5002/showtimes/20151130")
    return nice_json(times.json())


if __name__ == "__main__":
    app.run(
        port=5003,
        debug=True,
    )
