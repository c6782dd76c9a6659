"""Django project of the inventory service (settings, URLs, WSGI entry point)."""
