from .tasks import get_users_count

def detail(request, pk):
    get_users_count.delay()
