from django.db.models.signals import post_save
from django.dispatch import receiver

from app.models import Batch
from app.tasks import create_orders


@receiver(post_save, sender=Batch)
def batch_saved(sender, instance, **kwargs):
    create_orders.delay(instance.id)
