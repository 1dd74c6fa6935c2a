import time
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from werkzeug import Response

from apps.notifications.models import Channel, Notification, NotificationStatus, NotificationType
from apps.notifications.services import (
    notification_cancel,
    notification_enqueue,
    notification_purge,
    notification_retry,
    notification_send,
    notification_sweep,
)
from tests.conftest import free_port

from .fakes import RecordingPushProvider

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


def test_nothing_is_written_or_sent_when_the_business_transaction_rolls_back(
    customer, sms_gateway, django_capture_on_commit_callbacks
):
    def place_order_that_fails():
        with transaction.atomic():
            _enqueue_otp(customer)
            raise RuntimeError("the order could not be saved")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        place_order_that_fails()
    assert not Notification.objects.exists()
    assert sms_gateway.messages == []


def test_timeouts_are_retried_with_backoff_then_failed(customer, threaded_sms_gateway, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    settings.SMS_GATEWAY_TIMEOUT = 0.2
    threaded_sms_gateway.before_reply = lambda request: time.sleep(0.4)
    notification = _enqueue_otp(customer)
    first = notification_send(notification_id=notification.pk)
    assert first.status == NotificationStatus.PENDING
    assert "ReadTimeout" in first.last_error
    assert first.next_attempt_at > timezone.now()
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
    second = notification_send(notification_id=notification.pk)
    assert second.status == NotificationStatus.FAILED
    assert second.attempts == 2
    assert second.body == ""
    # The gateway deduplicated the repeat: the customer got one text despite two requests.
    assert len(threaded_sms_gateway.messages) == 1


def test_a_timeout_is_not_retried_when_the_gateway_cannot_deduplicate(
    customer, threaded_sms_gateway, settings
):
    """The request reached the gateway and no answer came back: it may have been sent, and a
    resend could duplicate it, so it is failed as in doubt instead."""
    settings.SMS_GATEWAY_SUPPORTS_IDEMPOTENCY = False
    settings.SMS_GATEWAY_TIMEOUT = 0.2
    threaded_sms_gateway.before_reply = lambda request: time.sleep(0.4)
    notification = notification_send(notification_id=_enqueue_otp(customer).pk)
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1
    assert notification.last_error.startswith("delivery in doubt")
    assert notification.body == ""


def test_an_unreachable_gateway_is_retried_even_without_deduplication(customer, settings):
    settings.SMS_PROVIDER = "http"
    settings.SMS_GATEWAY_SUPPORTS_IDEMPOTENCY = False
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/send"
    notification = notification_send(notification_id=_enqueue_otp(customer).pk)
    assert notification.status == NotificationStatus.PENDING
    assert notification.last_error.startswith("gateway unreachable")


def test_a_refusal_is_failed_without_retry(customer, sms_gateway):
    sms_gateway.server.clear_all_handlers()
    sms_gateway.server.expect_request("/send").respond_with_json({"error": "bad"}, status=400)
    notification = notification_send(notification_id=_enqueue_otp(customer).pk)
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1
    assert notification.last_error == "gateway refused 400"


def test_backoff_doubles_up_to_the_cap(customer, sms_gateway, settings):
    settings.SMS_MAX_ATTEMPTS = 10
    settings.SMS_RETRY_BASE_SECONDS = 10
    settings.SMS_RETRY_MAX_SECONDS = 35
    sms_gateway.server.clear_all_handlers()
    sms_gateway.server.expect_request("/send").respond_with_response(Response(status=503))
    notification = _enqueue_otp(customer)
    delays = []
    for _ in range(4):
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        notification = notification_send(notification_id=notification.pk)
        delays.append(round((notification.next_attempt_at - before).total_seconds()))
    assert delays == [10, 20, 35, 35]


def test_in_app_notification_is_stored_as_delivered_and_never_dispatched(
    customer, sms_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notification_enqueue(
            type=NotificationType.ORDER_PAID,
            channel=Channel.IN_APP,
            user=customer,
            context={"order_number": "A-100"},
            language="en",
        )
    assert callbacks == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.title == "Order A-100 paid"
    assert notification.body == "Dorixona: order A-100 is paid."
    assert sms_gateway.messages == []


def test_sms_to_a_user_without_a_phone_is_skipped_not_an_error(customer, sms_gateway):
    customer.phone_number = None
    customer.deleted_at = timezone.now()
    customer.save()
    notification = notification_enqueue(
        type=NotificationType.ORDER_CANCELLED,
        channel=Channel.SMS,
        user=customer,
        context={"order_number": "A-1"},
    )
    assert notification.status == NotificationStatus.SKIPPED
    assert notification.last_error == "no recipient address"
    assert notification_sweep() == 0
    assert sms_gateway.messages == []


def test_email_goes_through_the_django_backend_and_codes_are_erased(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_enqueue(
            type=NotificationType.OTP,
            channel=Channel.EMAIL,
            user=customer,
            recipient="nilufar@example.uz",
            context={"code": "246810"},
            language="en",
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nilufar@example.uz"]
    assert mailoutbox[0].subject == "Confirmation code"
    assert "246810" in mailoutbox[0].body
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.body == ""
    assert notification.provider_message_id


def test_email_server_down_is_retried(customer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 1
    notification = notification_enqueue(
        type=NotificationType.ORDER_PAID,
        channel=Channel.EMAIL,
        recipient="nilufar@example.uz",
        context={"order_number": "A-5"},
    )
    notification = notification_send(notification_id=notification.pk)
    assert notification.status == NotificationStatus.PENDING
    assert notification.last_error.startswith("mail server error")


def test_push_without_a_provider_is_recorded_as_skipped(customer, settings):
    settings.PUSH_PROVIDER = ""
    notification = notification_enqueue(
        type=NotificationType.ORDER_READY,
        channel=Channel.PUSH,
        user=customer,
        context={"order_number": "A-2"},
    )
    assert notification.status == NotificationStatus.SKIPPED
    assert notification.last_error == "no push provider configured"


def test_push_goes_through_the_configured_provider(
    customer, settings, django_capture_on_commit_callbacks
):
    settings.PUSH_PROVIDER = "tests.notifications.fakes.RecordingPushProvider"
    RecordingPushProvider.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_enqueue(
            type=NotificationType.ORDER_READY,
            channel=Channel.PUSH,
            user=customer,
            context={"order_number": "A-3"},
            language="en",
        )
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert RecordingPushProvider.sent == [
        {
            "user_id": customer.pk,
            "title": "Order A-3 ready",
            "text": "Dorixona: order A-3 is ready.",
            "data": {"order_number": "A-3"},
        }
    ]


def test_context_with_decimals_and_dates_is_kept_as_json(customer):
    notification = notification_enqueue(
        type=NotificationType.NEAR_EXPIRY,
        channel=Channel.IN_APP,
        user=customer,
        context={"product": "Paracetamol", "lot": "L-7", "expiry_date": date(2027, 1, 31)},
        language="en",
    )
    notification.refresh_from_db()
    assert notification.payload["expiry_date"] == "2027-01-31"
    assert notification.body == "Near expiry: Paracetamol, lot L-7, expires 2027-01-31."


def test_staff_can_retry_a_failed_message_once_and_cancel_a_pending_one(customer, sms_gateway):
    failed = notification_enqueue(
        type=NotificationType.ORDER_PAID,
        channel=Channel.SMS,
        user=customer,
        context={"order_number": "A-9"},
    )
    Notification.objects.filter(pk=failed.pk).update(status=NotificationStatus.FAILED)
    assert notification_retry(notification=failed) is True
    assert notification_sweep() == 1
    failed.refresh_from_db()
    assert failed.status == NotificationStatus.SENT
    assert notification_retry(notification=failed) is False

    pending = _enqueue_otp(customer)
    assert notification_cancel(notification=pending) is True
    assert notification_sweep() == 0
    pending.refresh_from_db()
    assert pending.status == NotificationStatus.SKIPPED
    assert len(sms_gateway.messages) == 1


def test_one_time_codes_cannot_be_resent_by_staff(customer):
    notification = _enqueue_otp(customer)
    Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.FAILED)
    assert notification_retry(notification=notification) is False


def test_purge_deletes_old_finished_messages_only(customer, settings, time_machine):
    settings.NOTIFICATION_RETENTION_DAYS = 30
    time_machine.move_to(timezone.now() - timedelta(days=31))
    old_sent = notification_enqueue(
        type=NotificationType.ORDER_PAID,
        channel=Channel.IN_APP,
        user=customer,
        context={"order_number": "A-1"},
    )
    old_pending = _enqueue_otp(customer)
    time_machine.move_to(timezone.now() + timedelta(days=31))
    recent = notification_enqueue(
        type=NotificationType.ORDER_PAID,
        channel=Channel.IN_APP,
        user=customer,
        context={"order_number": "A-2"},
    )
    assert notification_purge() == 1
    assert notification_purge() == 0
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {old_pending.pk, recent.pk}
    assert old_sent.pk not in remaining
