import pytest
from django.conf import settings

from apps.notifications import tasks
from apps.notifications.models import Channel, NotificationStatus, NotificationType
from apps.notifications.services import notification_enqueue
from config.celery import app

pytestmark = pytest.mark.django_db


def test_every_periodic_job_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_the_send_task_survives_worker_loss_and_redelivery():
    assert tasks.notification_send_task.acks_late is True
    assert tasks.notification_send_task.reject_on_worker_lost is True
    assert settings.CELERY_TASK_ROUTES[tasks.notification_send_task.name] == {"queue": "sms"}


def test_the_lease_outlives_the_task_time_limit():
    assert settings.NOTIFICATION_SEND_LEASE_SECONDS > settings.CELERY_TASK_TIME_LIMIT


def test_the_sweep_task_is_idempotent(customer, sms_gateway):
    notification = notification_enqueue(
        type=NotificationType.ORDER_PAID,
        channel=Channel.SMS,
        user=customer,
        context={"order_number": "A-1"},
    )
    assert tasks.notification_sweep_task.delay().get() == 1
    assert tasks.notification_sweep_task.delay().get() == 0
    tasks.notification_send_task.delay(notification.pk)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(sms_gateway.messages) == 1
    assert tasks.notification_purge_task.delay().get() == 0
