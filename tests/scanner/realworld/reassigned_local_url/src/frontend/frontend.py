"""Web service for frontend (shape of bank-of-anthos src/frontend/frontend.py `home()`)."""

import os

import requests
from flask import Flask, render_template

BALANCES_URI = 'http://{}/balances'.format(os.environ.get('BALANCES_API_ADDR'))
HISTORY_URI = 'http://{}/transactions'.format(os.environ.get('HISTORY_API_ADDR'))
CONTACTS_URI = 'http://{}/contacts'.format(os.environ.get('CONTACTS_API_ADDR'))
BACKEND_TIMEOUT = 4


def create_app():
    app = Flask(__name__)

    @app.route("/home")
    def home():
        account_id, username = '1011226111', 'testuser'
        hed = {'Authorization': 'Bearer token'}
        # get balance
        balance = None
        try:
            url = '{}/{}'.format(BALANCES_URI, account_id)
            response = requests.get(url=url, headers=hed, timeout=BACKEND_TIMEOUT)
            if response:
                balance = response.json()
        except (requests.exceptions.RequestException, ValueError) as err:
            app.logger.error('Error getting account balance: %s', str(err))
        # get history
        transaction_list = None
        try:
            url = '{}/{}'.format(HISTORY_URI, account_id)
            response = requests.get(url=url, headers=hed, timeout=BACKEND_TIMEOUT)
            if response:
                transaction_list = response.json()
        except (requests.exceptions.RequestException, ValueError) as err:
            app.logger.error('Error getting transaction history: %s', str(err))
        # get contacts
        contacts = []
        try:
            url = '{}/{}'.format(CONTACTS_URI, username)
            response = requests.get(url=url, headers=hed, timeout=BACKEND_TIMEOUT)
            if response:
                contacts = response.json()
        except (requests.exceptions.RequestException, ValueError) as err:
            app.logger.error('Error getting contacts: %s', str(err))
        return render_template('index.html', balance=balance, history=transaction_list,
                               contacts=contacts)

    return app
