"""The notifications and prescriptions apps take part in the users' privacy rights."""

import pytest

from apps.notifications.models import Channel, Notification, NotificationType
from apps.notifications.services import notification_enqueue
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _order_sms(user):
    return notification_enqueue(
        type=NotificationType.ORDER_CREATED,
        channel=Channel.SMS,
        user=user,
        context={"order_number": "DX-ABC"},
    )


def test_export_has_the_sections_of_the_apps_above_users(customer_client, customer):
    _order_sms(customer)
    data = customer_client.get("/api/v1/users/me/export/").json()
    assert data["prescriptions"] == []
    assert data["orders"] == []
    assert "notifications" in data
    assert "DX-ABC" in str(data["notifications"])


def test_deleting_the_account_scrubs_phone_and_texts_from_notifications(
    customer_client, customer, customer_b
):
    mine = _order_sms(customer)
    theirs = _order_sms(customer_b)
    response = customer_client.delete(
        "/api/v1/users/me/", {"password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 204
    mine = Notification.objects.get(pk=mine.pk)
    assert customer.phone_number not in (mine.recipient, mine.body)
    assert (mine.body, mine.payload) == ("", {})
    theirs.refresh_from_db()
    assert theirs.recipient == customer_b.phone_number
    assert "DX-ABC" in theirs.body
