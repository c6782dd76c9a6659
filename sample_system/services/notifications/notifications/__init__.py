"""Notifications worker: Celery tasks that email customers about their orders."""
