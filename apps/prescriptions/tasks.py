from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def prescription_expire_task() -> int:
    return services.prescription_expire_overdue()
