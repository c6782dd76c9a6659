import os

DB_HOST = os.getenv("POSTGRES_HOST")

if not os.getenv("POSTGRES_HOST"):
    DB_HOST = "localhost"

DB_NAME = os.getenv("POSTGRES_DB", "postgres")
