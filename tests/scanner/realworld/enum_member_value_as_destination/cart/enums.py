from enum import Enum


class RabbitExchange(Enum):
    INVENTORY = "inventory"


class RabbitRoutingKey(str, Enum):
    DELETE_PRODUCT = "delete"
