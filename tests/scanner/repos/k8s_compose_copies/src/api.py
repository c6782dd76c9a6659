from flask import Flask
from jobs import add_job

app = Flask(__name__)


@app.route("/jobs", methods=["POST"])
def create_job():
    return {"id": add_job("histogram")}, 201


if __name__ == "__main__":
    app.run(debug=True, host="0.0.0.0")
