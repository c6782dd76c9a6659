"""Clients for the services the gateway fronts."""
