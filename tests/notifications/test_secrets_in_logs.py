"""One-time codes never reach the logs, whatever happens to the message."""

import logging
import time

import pytest
from werkzeug import Response

from apps.notifications.models import Channel, Notification, NotificationType
from apps.notifications.services import notification_enqueue, notification_sweep

pytestmark = pytest.mark.django_db

CODE = "918273"


def _assert_code_not_logged(caplog):
    for record in caplog.records:
        assert CODE not in record.getMessage(), record.getMessage()
        assert CODE not in str(record.args)
        assert CODE not in str(record.__dict__.get("exc_text") or "")
    assert CODE not in caplog.text


def _send_code(customer, django_capture_on_commit_callbacks, channel=Channel.SMS, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return notification_enqueue(
            type=NotificationType.OTP,
            channel=channel,
            user=customer,
            context={"code": CODE},
            **extra,
        )


@pytest.fixture(autouse=True)
def _everything_logged(caplog):
    caplog.set_level(logging.DEBUG)


def test_console_provider_in_the_embedded_shop(
    customer, settings, caplog, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    settings.SMS_PROVIDER = "console"
    _send_code(customer, django_capture_on_commit_callbacks)
    assert "[console provider]" in caplog.text
    _assert_code_not_logged(caplog)


def test_http_gateway_success_failure_and_timeout(
    customer, threaded_sms_gateway, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_TIMEOUT = 0.2
    _send_code(customer, django_capture_on_commit_callbacks)
    threaded_sms_gateway.server.clear_all_handlers()
    threaded_sms_gateway.server.expect_request("/send").respond_with_response(
        Response(f"rejected: {CODE}", status=500)
    )
    _send_code(customer, django_capture_on_commit_callbacks)
    threaded_sms_gateway.respond_ok()
    threaded_sms_gateway.before_reply = lambda request: time.sleep(0.4)
    _send_code(customer, django_capture_on_commit_callbacks)
    assert threaded_sms_gateway.last_code(customer.phone_number) == CODE
    assert all(CODE not in n.last_error for n in Notification.objects.all())
    _assert_code_not_logged(caplog)


def test_eskiz_gateway(customer, eskiz, caplog, django_capture_on_commit_callbacks):
    _send_code(customer, django_capture_on_commit_callbacks)
    assert CODE in eskiz.messages[0]["message"]
    _assert_code_not_logged(caplog)


def test_email_with_the_console_backend_kept_out_of_logs(
    customer, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    _send_code(
        customer, django_capture_on_commit_callbacks, channel=Channel.EMAIL, recipient="a@b.uz"
    )
    assert CODE in mailoutbox[0].body
    _assert_code_not_logged(caplog)


def test_the_sweeper_path(customer, sms_gateway, caplog):
    notification_enqueue(  # the broker was down: nothing dispatched at commit
        type=NotificationType.OTP, channel=Channel.SMS, user=customer, context={"code": CODE}
    )
    assert notification_sweep() == 1
    assert sms_gateway.last_code(customer.phone_number) == CODE
    _assert_code_not_logged(caplog)
