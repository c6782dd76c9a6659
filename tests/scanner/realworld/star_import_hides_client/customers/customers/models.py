import os
from mongoengine import *
from sqlalchemy import Column, BigInteger, String
from sqlalchemy.ext.declarative import declarative_base

DeclarativeBase = declarative_base()


class Customer(DeclarativeBase):
    __tablename__ = 'customers'
    id = Column(BigInteger, primary_key=True)
    name = Column(String)


connect('customers', host=os.environ.get('MONGO_HOST', '127.0.0.1'), port=27017)


class QueryCustomer(Document):
    id = IntField(primary_key=True)
    name = StringField()
