"""The orders service: reads its own database on the orders-db server."""

import psycopg

conn = psycopg.connect(host="orders-db", dbname="orders", user="app")


def list_orders() -> list[tuple[int]]:
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM orders")
        return cur.fetchall()
