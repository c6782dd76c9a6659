"""Web service for frontend (shape of bank-of-anthos src/frontend/frontend.py)."""

import os

import requests
from flask import Flask, jsonify, request


def create_app():
    app = Flask(__name__)

    @app.route('/payment', methods=['POST'])
    def payment():
        resp = requests.post(url=app.config["TRANSACTIONS_URI"],
                             data=jsonify(request.form).data,
                             timeout=app.config['BACKEND_TIMEOUT'])
        return resp.text, resp.status_code

    @app.route('/balance/<account_id>')
    def balance(account_id):
        url = '{}/{}'.format(app.config["BALANCES_URI"], account_id)
        return requests.get(url=url, timeout=app.config['BACKEND_TIMEOUT']).text

    @app.route('/login', methods=['POST'])
    def login():
        req = requests.get(url=app.config["LOGIN_URI"],
                           params={'username': request.form['username']})
        return req.text

    # set up global variables
    app.config["TRANSACTIONS_URI"] = 'http://{}/transactions'.format(
        os.environ.get('TRANSACTIONS_API_ADDR'))
    app.config["BALANCES_URI"] = 'http://{}/balances'.format(
        os.environ.get('BALANCES_API_ADDR'))
    app.config["LOGIN_URI"] = 'http://{}/login'.format(
        os.environ.get('USERSERVICE_API_ADDR'))
    app.config['BACKEND_TIMEOUT'] = 4
    return app
