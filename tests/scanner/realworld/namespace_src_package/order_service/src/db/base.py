DB_NAME = "orders"
