from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def order_reservations_expire_task() -> int:
    """Cancel unpaid orders whose reservation expired (safe to run twice at once)."""
    return services.order_reservations_expire()
