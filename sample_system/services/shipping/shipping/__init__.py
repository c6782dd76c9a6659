"""Shipping service: turns new orders into carrier labels and tells the customer."""
