"""A message left in SENDING by a worker that died mid-send (its lease ran out)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.notifications.models import Notification, NotificationStatus, NotificationType
from apps.notifications.services import notification_send, notification_sweep

from .factories import PendingSmsFactory

pytestmark = pytest.mark.django_db


def _left_sending_by_a_dead_worker(settings, **fields) -> Notification:
    """The row exactly as a worker leaves it when killed during the gateway call."""
    lease_end = timezone.now() + timedelta(seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS)
    return PendingSmsFactory(
        status=NotificationStatus.SENDING, attempts=1, next_attempt_at=lease_end, **fields
    )


def test_nothing_happens_while_the_lease_holds(sms_gateway, settings):
    notification = _left_sending_by_a_dead_worker(settings)
    assert notification_sweep() == 0
    assert notification_send(notification_id=notification.pk) is None  # a redelivered task
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING
    assert sms_gateway.messages == []


def test_after_the_lease_it_is_resent_with_the_same_key_to_a_deduplicating_gateway(
    sms_gateway, settings, time_machine
):
    notification = _left_sending_by_a_dead_worker(settings)
    _after_the_lease(time_machine, settings)
    assert notification_sweep() == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    assert len(sms_gateway.messages) == 1
    request, _response = sms_gateway.server.log[-1]
    assert request.headers["Idempotency-Key"] == str(notification.idempotency_key)


def test_after_the_lease_it_is_failed_in_doubt_when_the_gateway_cannot_deduplicate(
    sms_gateway, settings, time_machine
):
    settings.SMS_GATEWAY_SUPPORTS_IDEMPOTENCY = False
    notification = _left_sending_by_a_dead_worker(
        settings, type=NotificationType.OTP, is_sensitive=True, body="Code 123456"
    )
    _after_the_lease(time_machine, settings)
    assert notification_sweep() == 0
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error == "delivery in doubt: worker lost during send"
    assert notification.body == ""
    assert notification_sweep() == 0
    assert sms_gateway.messages == []


def test_a_lost_last_attempt_is_not_retried_beyond_the_maximum(sms_gateway, settings, time_machine):
    settings.SMS_MAX_ATTEMPTS = 1
    notification = _left_sending_by_a_dead_worker(settings)
    _after_the_lease(time_machine, settings)
    notification_sweep()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert sms_gateway.messages == []


def _after_the_lease(time_machine, settings) -> None:
    lease = timedelta(seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS + 1)
    time_machine.move_to(timezone.now() + lease)
