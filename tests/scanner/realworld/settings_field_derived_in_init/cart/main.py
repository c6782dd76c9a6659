from flask import Flask

app = Flask(__name__)


@app.get("/users/<int:uid>/cart")
def cart(uid):
    return "[]"
