import json
from datetime import time

import pytest

from apps.notifications.models import Channel, NotificationPreference, NotificationType
from apps.notifications.selectors import notifications_for_export
from apps.notifications.services import notification_enqueue, notification_send

from .factories import InAppNotificationFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_users_messages_and_preferences_as_plain_data(
    customer, customer_b, sms_gateway
):
    NotificationPreference.objects.create(
        user=customer,
        muted_types=["marketing"],
        quiet_hours_start=time(22, 0),
        quiet_hours_end=time(7, 30),
    )
    in_app = InAppNotificationFactory(user=customer)
    otp = notification_enqueue(
        type=NotificationType.OTP,
        channel=Channel.SMS,
        user=customer,
        context={"code": "565656"},
    )
    notification_send(notification_id=otp.pk)
    InAppNotificationFactory(user=customer_b)

    export = notifications_for_export(customer)
    text = json.dumps(export)  # plain data only
    assert "565656" not in text
    assert export["preferences"] == {
        "muted_channels": [],
        "muted_types": ["marketing"],
        "quiet_hours_start": "22:00:00",
        "quiet_hours_end": "07:30:00",
    }
    assert [(m["channel"], m["type"]) for m in export["messages"]] == [
        ("in_app", "order_paid"),
        ("sms", "otp"),
    ]
    assert export["messages"][0]["text"] == in_app.body
    assert export["messages"][1]["recipient"] == customer.phone_number
    assert export["messages"][1]["status"] == "sent"


def test_the_export_of_a_user_with_nothing(customer):
    assert notifications_for_export(customer) == {
        "preferences": {
            "muted_channels": [],
            "muted_types": [],
            "quiet_hours_start": None,
            "quiet_hours_end": None,
        },
        "messages": [],
    }
