import pytest

from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/dev/sms/"


@pytest.fixture
def dev_shop(settings):
    settings.DEBUG = True
    settings.SMS_PROVIDER = "console"


def _send_code(customer, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification_enqueue(
            type=NotificationType.OTP,
            channel=Channel.SMS,
            user=customer,
            context={"code": code},
            language="en",
        )


def test_the_embedded_shop_shows_the_last_texts_to_a_phone(
    dev_shop, customer, anon_client, django_capture_on_commit_callbacks
):
    _send_code(customer, "111111", django_capture_on_commit_callbacks)
    _send_code(customer, "222222", django_capture_on_commit_callbacks)
    local_format = f"{customer.phone_number[4:6]} {customer.phone_number[6:]}"
    response = anon_client.get(URL, {"phone": local_format})
    assert response.status_code == 200
    body = response.json()
    assert body["phone"] == customer.phone_number
    assert [m["text"] for m in body["messages"]] == [
        "Dorixona: your confirmation code is 222222. Do not share it.",
        "Dorixona: your confirmation code is 111111. Do not share it.",
    ]
    assert anon_client.get(URL, {"phone": "+998909999999"}).json()["messages"] == []


def test_a_bad_phone_is_a_400(dev_shop, anon_client):
    response = anon_client.get(URL, {"phone": "12"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_phone_number"


def test_it_is_404_with_a_real_gateway_even_in_debug(
    dev_shop, settings, customer, anon_client, sms_gateway, django_capture_on_commit_callbacks
):
    _send_code(customer, "333333", django_capture_on_commit_callbacks)
    assert sms_gateway.last_code(customer.phone_number) == "333333"
    response = anon_client.get(URL, {"phone": customer.phone_number})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_nothing_is_kept_without_debug(settings, customer, django_capture_on_commit_callbacks):
    from apps.notifications import dev_outbox

    settings.DEBUG = False
    settings.SMS_PROVIDER = "console"
    _send_code(customer, "444444", django_capture_on_commit_callbacks)
    assert dev_outbox.messages_to(customer.phone_number) == []
