from celery import shared_task
from .models import User

@shared_task()
def get_users_count():
    return User.objects.count()
