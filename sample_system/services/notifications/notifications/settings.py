"""Runtime configuration, read once from the environment the worker is started with.

SMTP credentials come from a secret (compose .env, a Kubernetes Secret), never from code.
"""

from __future__ import annotations

import os

CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "redis://redis:6379/2")
SMTP_HOST = os.getenv("SMTP_HOST", "smtp.sendgrid.net")
SMTP_PORT = int(os.getenv("SMTP_PORT", "587"))
SMTP_USER = os.getenv("SMTP_USER", "")
SMTP_PASSWORD = os.getenv("SMTP_PASSWORD", "")
# Only a local test relay runs without TLS; SendGrid requires STARTTLS on 587.
SMTP_STARTTLS = os.getenv("SMTP_STARTTLS", "true").strip().lower() in {"1", "true", "yes", "on"}
MAIL_FROM = os.getenv("MAIL_FROM", "ShopFront <orders@shopfront.example>")
