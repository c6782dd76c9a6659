"""Clients for the services orders depends on."""
