from setuptools import setup

setup(name="nameko-examples-products", packages=["products"])
