import pytest
from django.utils import timezone
from werkzeug import Response

from apps.notifications.models import Channel, Notification, NotificationStatus, NotificationType
from apps.notifications.services import notification_enqueue, notification_send, notification_sweep

pytestmark = pytest.mark.django_db


def _enqueue_otp(customer, code="123456"):
    return notification_enqueue(
        type=NotificationType.OTP, channel=Channel.SMS, user=customer, context={"code": code}
    )


def test_message_is_sent_once_after_commit_and_the_code_is_erased(
    customer, sms_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _enqueue_otp(customer)
        assert sms_gateway.messages == []  # nothing leaves before commit
    assert sms_gateway.last_code(customer.phone_number) == "123456"
    assert sms_gateway.messages[0]["phone"] == customer.phone_number.lstrip("+")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.body == ""
    assert notification.payload == {}
    assert notification.provider_message_id == "msg-1"
    assert notification_send(notification_id=notification.pk) is None  # a second send is a no-op
    assert len(sms_gateway.messages) == 1


def test_gateway_errors_are_retried_with_backoff_then_failed(customer, sms_gateway, settings):
    settings.SMS_MAX_ATTEMPTS = 3
    sms_gateway.server.clear_all_handlers()
    sms_gateway.server.expect_request("/send").respond_with_response(Response(status=500))
    notification = _enqueue_otp(customer)
    delays = []
    for _ in range(3):
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        notification = notification_send(notification_id=notification.pk)
        delays.append((notification.next_attempt_at - before).total_seconds())
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 3
    assert notification.body == ""
    assert delays[1] > delays[0] * 1.5


def test_sweeper_sends_what_the_broker_never_got(customer, sms_gateway):
    notification = _enqueue_otp(customer, code="654321")  # on_commit never ran: "broker down"
    assert sms_gateway.messages == []
    assert notification_sweep() == 1
    assert sms_gateway.last_code(customer.phone_number) == "654321"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
