import pytest

from apps.notifications.models import DeliveryStatus

from .factories import PendingSmsFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/sms/status/"


@pytest.fixture
def sent_sms(settings):
    settings.SMS_CALLBACK_SECRET = "gateway-secret"
    return PendingSmsFactory(status="sent", provider_message_id="9a1b2c3d")


def test_a_receipt_with_the_secret_header_is_recorded(anon_client, sent_sms):
    response = anon_client.post(
        URL,
        {"id": "9a1b2c3d", "status": "DELIVERED"},
        HTTP_X_CALLBACK_SECRET="gateway-secret",
    )
    assert response.status_code == 200
    assert response.json() == {"delivery_status": "delivered"}
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == DeliveryStatus.DELIVERED
    assert sent_sms.delivery_status_at is not None


def test_an_eskiz_style_form_receipt_with_the_secret_in_the_url(anon_client, sent_sms):
    response = anon_client.post(
        f"{URL}?secret=gateway-secret",
        {"request_id": "r-1", "message_id": "9a1b2c3d", "status": "UNDELIV", "sms_count": "1"},
        format="multipart",
    )
    assert response.status_code == 200
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == DeliveryStatus.UNDELIVERED


@pytest.mark.parametrize("secret", ["", "wrong", "gateway-secret-2"])
def test_a_receipt_without_the_right_secret_is_refused(anon_client, sent_sms, secret):
    response = anon_client.post(
        URL, {"id": "9a1b2c3d", "status": "DELIVRD"}, HTTP_X_CALLBACK_SECRET=secret
    )
    assert response.status_code == 403
    sent_sms.refresh_from_db()
    assert sent_sms.delivery_status == DeliveryStatus.UNKNOWN


def test_with_no_secret_configured_every_receipt_is_refused(anon_client, sent_sms, settings):
    settings.SMS_CALLBACK_SECRET = ""
    response = anon_client.post(
        URL, {"id": "9a1b2c3d", "status": "DELIVRD"}, HTTP_X_CALLBACK_SECRET=""
    )
    assert response.status_code == 403


def test_an_unknown_message_is_404(anon_client, sent_sms):
    response = anon_client.post(
        URL, {"id": "nope", "status": "DELIVRD"}, HTTP_X_CALLBACK_SECRET="gateway-secret"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "message_not_found"
    response = anon_client.post(URL, {"status": "DELIVRD"}, HTTP_X_CALLBACK_SECRET="gateway-secret")
    assert response.status_code == 404


def test_delivered_is_final_and_intermediate_states_change_nothing(anon_client, sent_sms):
    def report(status):
        return anon_client.post(
            URL, {"id": "9a1b2c3d", "status": status}, HTTP_X_CALLBACK_SECRET="gateway-secret"
        ).json()["delivery_status"]

    assert report("waiting") == ""
    assert report("DELIVRD") == "delivered"
    assert report("EXPIRED") == "delivered"  # receipts can arrive out of order


def test_a_receipt_without_a_status_is_a_400(anon_client, sent_sms):
    response = anon_client.post(URL, {"id": "9a1b2c3d"}, HTTP_X_CALLBACK_SECRET="gateway-secret")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["details"]
