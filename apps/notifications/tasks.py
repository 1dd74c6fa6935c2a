"""Celery entry points. Thin and idempotent: each may run twice (acks_late redelivery, the
sweeper) without a second effect."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notification_send_task(notification_id: int) -> None:
    services.notification_send(notification_id=notification_id)


@shared_task
def notification_sweep_task() -> int:
    return services.notification_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def broadcast_fanout_task(broadcast_id: int) -> None:
    services.broadcast_fanout(broadcast_id=broadcast_id)


@shared_task
def notification_purge_task() -> int:
    return services.notification_purge()
