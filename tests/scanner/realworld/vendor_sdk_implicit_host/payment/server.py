import os

import stripe
from flask import Flask
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail

app = Flask(__name__)
stripe.api_key = os.environ["STRIPE_SECRET_KEY"]


@app.post("/pay")
def pay():
    intent = stripe.PaymentIntent.create(amount=100, currency="eur", confirm=True)
    SendGridAPIClient(os.environ["SENDGRID_API_KEY"]).send(
        Mail(from_email="shop@example.com", to_emails="c@example.com", subject="paid", html_content=intent.id)
    )
    return intent.id


if __name__ == "__main__":
    app.run(host="0.0.0.0")
