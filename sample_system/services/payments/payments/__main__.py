"""`python -m payments` starts the web server."""

from payments.app import main

main()
