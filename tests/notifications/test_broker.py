"""The broker is down when the business transaction commits: nothing is lost."""

import logging
import time

import pytest
from django.db import transaction

from apps.notifications.models import Channel, NotificationStatus, NotificationType
from apps.notifications.services import notification_enqueue, notification_sweep
from tests.conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def test_broker_down_at_commit_then_the_sweeper_sends_it_later(
    customer, sms_gateway, celery_broker, caplog
):
    celery_broker.use(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    started = time.monotonic()
    with caplog.at_level(logging.WARNING), transaction.atomic():
        notification = notification_enqueue(
            type=NotificationType.ORDER_PAID,
            channel=Channel.SMS,
            user=customer,
            context={"order_number": "A-42"},
        )
    assert time.monotonic() - started < 10  # the request is not held hostage by the broker
    assert f"broker unavailable; notification {notification.pk}" in caplog.text
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert sms_gateway.messages == []

    celery_broker.restore()  # the broker is back
    assert notification_sweep() == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert sms_gateway.texts_to(customer.phone_number) == [notification.body]
