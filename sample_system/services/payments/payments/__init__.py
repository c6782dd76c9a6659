"""Payments service: charges orders through the provider and announces completed payments."""
