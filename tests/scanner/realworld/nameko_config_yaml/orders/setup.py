from setuptools import setup

setup(name="nameko-examples-orders", packages=["orders"])
