DB_NAME = "billing"
