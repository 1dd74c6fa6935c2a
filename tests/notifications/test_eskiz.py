import time
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug import Response

from apps.notifications.models import Channel, NotificationStatus, NotificationType
from apps.notifications.services import notification_enqueue, notification_send

pytestmark = pytest.mark.django_db


def _send(customer, code="424242"):
    notification = notification_enqueue(
        type=NotificationType.OTP,
        channel=Channel.SMS,
        user=customer,
        context={"code": code},
        language="en",
    )
    return notification_send(notification_id=notification.pk)


def test_it_logs_in_once_and_reuses_the_token(customer, eskiz):
    first = _send(customer, code="111111")
    second = _send(customer, code="222222")
    assert (first.status, second.status) == (NotificationStatus.SENT, NotificationStatus.SENT)
    assert eskiz.logins == 1
    assert [m["mobile_phone"] for m in eskiz.messages] == [customer.phone_number.lstrip("+")] * 2
    assert eskiz.messages[0]["from"] == "4546"
    assert "111111" in eskiz.messages[0]["message"]
    assert first.provider_message_id == "eskiz-1"


def test_an_expired_token_is_refreshed_and_the_send_repeated_once(customer, eskiz):
    _send(customer)
    eskiz.expire_tokens()
    assert _send(customer).status == NotificationStatus.SENT
    assert (eskiz.logins, eskiz.refreshes, len(eskiz.messages)) == (1, 1, 2)


def test_when_refresh_is_refused_it_logs_in_again(customer, eskiz):
    _send(customer)
    eskiz.expire_tokens()
    eskiz.refresh_works = False
    assert _send(customer).status == NotificationStatus.SENT
    assert (eskiz.logins, eskiz.refreshes) == (2, 1)


def test_wrong_credentials_fail_the_message_without_hammering(customer, eskiz, settings):
    settings.SMS_ESKIZ_PASSWORD = "wrong"
    notification = _send(customer)
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error == "gateway login failed: gateway refused 401"
    assert eskiz.messages == []


def test_a_gateway_error_is_retried_later(customer, eskiz):
    eskiz.server.clear_all_handlers()
    eskiz.server.expect_request("/api/auth/login").respond_with_json(
        {"data": {"token": "t"}, "message": "token_generated"}
    )
    eskiz.server.expect_request("/api/message/sms/send").respond_with_response(Response(status=502))
    notification = _send(customer)
    assert notification.status == NotificationStatus.PENDING
    assert notification.last_error == "gateway error 502"


def test_delivery_receipts_are_asked_for_with_the_secret(customer, eskiz, settings):
    settings.SMS_CALLBACK_URL = "https://dorixona.uz/api/v1/notifications/sms/status/"
    settings.SMS_CALLBACK_SECRET = "s3cret&more"
    _send(customer)
    callback = urlsplit(eskiz.messages[0]["callback_url"])
    assert callback.netloc == "dorixona.uz"
    assert parse_qs(callback.query) == {"secret": ["s3cret&more"]}


def test_a_lost_eskiz_send_is_failed_in_doubt_not_repeated(customer, eskiz, settings):
    """Eskiz has no idempotency key: a send that got no answer may have gone out."""
    settings.SMS_GATEWAY_TIMEOUT = 0.2
    _send(customer)  # log in first
    eskiz.server.clear_all_handlers()
    eskiz.server.expect_request("/api/message/sms/send").respond_with_handler(
        lambda request: time.sleep(0.4) or Response("{}")
    )
    notification = _send(customer)
    assert notification.status == NotificationStatus.FAILED
    assert notification.last_error.startswith("delivery in doubt")
