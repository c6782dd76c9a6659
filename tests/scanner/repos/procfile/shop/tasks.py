from celery import Celery

celery_app = Celery("shop", broker="redis://queue.internal:6379/0")


@celery_app.task
def send_receipt(order_id: str) -> None:
    print(order_id)
