from dataclasses import asdict

from celery import shared_task

from .services.alerts import stock_alerts_send


@shared_task(acks_late=True, reject_on_worker_lost=True)
def stock_alerts_task() -> dict:
    """Periodic (CELERY_BEAT_SCHEDULE "catalog-stock-alerts"); safe to run twice."""
    return asdict(stock_alerts_send())
