from flask import Flask, jsonify

from config.settings import get_config
from grpc_client.product import ProductService

grpc_product_service = ProductService(host=get_config().GRPC_HOST, port=get_config().GRPC_PORT)
app = Flask(__name__)
app.config.from_object(get_config())


@app.route("/products/<product_id>")
def get_product(product_id):
    return jsonify({"id": str(grpc_product_service.get_product(product_id))})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
