from celery import shared_task

from .services import rollups_finalise, rollups_refresh, system_health_record


@shared_task(acks_late=True, reject_on_worker_lost=True)
def dashboard_refresh_task() -> list[str]:
    """Periodic (CELERY_BEAT_SCHEDULE "dashboard-refresh"): today and days changed since."""
    return [str(day) for day in rollups_refresh()]


@shared_task(acks_late=True, reject_on_worker_lost=True)
def dashboard_finalise_task() -> str:
    """Nightly (CELERY_BEAT_SCHEDULE "dashboard-finalise"): yesterday, marked final."""
    return str(rollups_finalise())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def system_health_task() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE "dashboard-system-health")."""
    return system_health_record().pk
