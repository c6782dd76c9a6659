from flask import Flask

from services import nice_json

app = Flask(__name__)


@app.route("/showtimes/<date>", methods=["GET"])
def showtimes_record(date):
    return nice_json({"date": date})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5002, debug=True)
