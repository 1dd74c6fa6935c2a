from celery import shared_task

from .services.maintenance import accounts_purge_stale


@shared_task
def accounts_purge_stale_task() -> dict[str, int]:
    return accounts_purge_stale()
