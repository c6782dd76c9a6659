from django.db import models


class Batch(models.Model):
    name = models.CharField(max_length=20)


class Order(models.Model):
    batch_id = models.IntegerField()
