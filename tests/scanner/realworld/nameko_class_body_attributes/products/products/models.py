from mongoengine import Document, IntField, StringField


class Product(Document):
    name = StringField(required=True)
    quantity = IntField(default=0)
