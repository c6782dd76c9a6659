import os

from sqlalchemy import create_engine


def get_postgres_uri():
    host = os.environ.get("DB_HOST", "localhost")
    user, db_name = "postgres", "payment"
    return f"postgresql+psycopg2://{user}:secret@{host}:5432/{db_name}"


engine = create_engine(get_postgres_uri())
