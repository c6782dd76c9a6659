import os

# Kafka Bootstrap servers
KAFKA_BOOTSTRAP_SERVERS: str = os.getenv("KAFKA_BOOTSTRAP_SERVER", "localhost:9092")

# Topics
TOPIC_ORDERS: str = os.getenv("TOPIC_ORDERS", "orders")
TOPIC_INV_COMMANDS: str = os.getenv("TOPIC_INV_COMMANDS", "inventory.commands")
TOPIC_INV_EVENTS: str = os.getenv("TOPIC_INV_EVENTS", "inventory.events")
TOPIC_PAY_EVENTS: str = os.getenv("TOPIC_PAY_EVENTS", "payment.events")

# Consumer groups
GROUP_ORCHESTRATOR: str = os.getenv("GROUP_ORCHESTRATOR", "orchestrator-group")
GROUP_INVENTORY: str = os.getenv("GROUP_INVENTORY", "inventory-group")
