"""Celery entry points; each is idempotent and safe to run concurrently."""

from celery import shared_task
from django.conf import settings

from .services import deliveries_assign_pending, deliveries_create_missing, delivery_locations_purge


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliveries_dispatch_task() -> int:
    """Create deliveries whose order event was missed, then offer waiting deliveries to the
    couriers on shift (when auto-assignment is on). Returns how many were assigned."""
    deliveries_create_missing()
    return deliveries_assign_pending() if settings.DELIVERY_AUTO_ASSIGN else 0


@shared_task(acks_late=True, reject_on_worker_lost=True)
def delivery_locations_purge_task() -> int:
    return delivery_locations_purge()
