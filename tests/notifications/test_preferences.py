from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from apps.notifications.models import Channel, NotificationPreference, NotificationStatus
from apps.notifications.models import NotificationType as T
from apps.notifications.services import notification_enqueue, notification_sweep

pytestmark = pytest.mark.django_db

TASHKENT = ZoneInfo("Asia/Tashkent")
URL = "/api/v1/notifications/preferences/"


def _enqueue(user, type, channel=Channel.SMS, **context):
    context = {"order_number": "A-1", "title": "Sale", "message": "Vitamins -20%", **context}
    return notification_enqueue(type=type, channel=channel, user=user, context=context)


def _prefer(user, **fields):
    return NotificationPreference.objects.create(user=user, **fields)


def test_a_muted_type_is_recorded_as_skipped_and_never_sent(customer, sms_gateway):
    _prefer(customer, muted_types=[T.MARKETING])
    notification = _enqueue(customer, T.MARKETING)
    assert notification.status == NotificationStatus.SKIPPED
    assert notification.last_error == "muted by the user: type"
    assert notification_sweep() == 0
    assert sms_gateway.messages == []


def test_a_muted_channel_stops_optional_messages_only(customer, sms_gateway):
    _prefer(customer, muted_channels=[Channel.SMS])
    announcement = _enqueue(customer, T.ANNOUNCEMENT)
    order_paid = _enqueue(customer, T.ORDER_PAID)
    code = _enqueue(customer, T.OTP, code="112233")
    in_app = _enqueue(customer, T.ANNOUNCEMENT, channel=Channel.IN_APP)
    assert announcement.status == NotificationStatus.SKIPPED
    assert order_paid.status == NotificationStatus.PENDING
    assert code.status == NotificationStatus.PENDING
    assert in_app.status == NotificationStatus.SENT
    assert notification_sweep() == 2
    assert sms_gateway.last_code(customer.phone_number) == "112233"
    assert len(sms_gateway.messages) == 2


def test_essential_types_ignore_even_a_stored_mute(customer):
    """Preferences written before a type became essential (or by hand) cannot stop it."""
    _prefer(customer, muted_types=[T.ORDER_PAID, T.OTP], muted_channels=[Channel.SMS])
    assert _enqueue(customer, T.ORDER_PAID).status == NotificationStatus.PENDING
    assert _enqueue(customer, T.OTP, code="1").status == NotificationStatus.PENDING


def test_promotions_wait_out_quiet_hours_across_midnight(customer, sms_gateway, time_machine):
    _prefer(customer, quiet_hours_start=time(22, 0), quiet_hours_end=time(8, 0))
    time_machine.move_to(datetime(2026, 11, 23, 23, 30, tzinfo=TASHKENT))
    promotion = _enqueue(customer, T.MARKETING)
    order_ready = _enqueue(customer, T.ORDER_READY)
    in_app = _enqueue(customer, T.MARKETING, channel=Channel.IN_APP)
    assert promotion.status == NotificationStatus.PENDING
    assert promotion.next_attempt_at == datetime(2026, 11, 24, 8, 0, tzinfo=TASHKENT)
    assert in_app.status == NotificationStatus.SENT  # silent: no need to wait
    assert notification_sweep() == 1  # the order message goes now
    assert sms_gateway.texts_to(customer.phone_number) == [order_ready.body]

    time_machine.move_to(datetime(2026, 11, 24, 7, 59, tzinfo=TASHKENT))
    assert notification_sweep() == 0
    time_machine.move_to(datetime(2026, 11, 24, 8, 0, 1, tzinfo=TASHKENT))
    assert notification_sweep() == 1  # deferred, not dropped
    promotion.refresh_from_db()
    assert promotion.status == NotificationStatus.SENT


def test_quiet_hours_within_one_day(customer, time_machine):
    _prefer(customer, quiet_hours_start=time(13, 0), quiet_hours_end=time(14, 0))
    time_machine.move_to(datetime(2026, 11, 23, 12, 59, tzinfo=TASHKENT))
    assert _enqueue(customer, T.MARKETING).next_attempt_at.astimezone(TASHKENT).hour == 12
    time_machine.move_to(datetime(2026, 11, 23, 13, 10, tzinfo=TASHKENT))
    deferred = _enqueue(customer, T.MARKETING)
    assert deferred.next_attempt_at == datetime(2026, 11, 23, 14, 0, tzinfo=TASHKENT)


def test_announcements_are_not_held_by_quiet_hours(customer, time_machine):
    _prefer(customer, quiet_hours_start=time(22, 0), quiet_hours_end=time(8, 0))
    time_machine.move_to(datetime(2026, 11, 23, 23, 30, tzinfo=TASHKENT))
    announcement = _enqueue(customer, T.ANNOUNCEMENT)
    assert announcement.next_attempt_at.astimezone(TASHKENT).hour == 23


def test_preferences_start_all_on_and_say_what_can_be_muted(customer_client):
    body = customer_client.get(URL).json()
    assert body["muted_channels"] == []
    assert body["muted_types"] == []
    assert body["quiet_hours_start"] is None
    assert body["mutable_types"] == ["announcement", "marketing"]
    assert "otp" in body["always_on_types"]
    assert "order_paid" in body["always_on_types"]


def test_a_user_updates_preferences(customer_client, customer):
    payload = {
        "muted_channels": ["sms"],
        "muted_types": ["marketing"],
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "08:00",
    }
    response = customer_client.put(URL, payload)
    assert response.status_code == 200
    assert response.json()["muted_types"] == ["marketing"]
    preference = NotificationPreference.objects.get(user=customer)
    assert preference.muted_channels == ["sms"]
    assert preference.quiet_hours_start == time(22, 0)
    assert (
        customer_client.put(
            URL, {**payload, "quiet_hours_start": None, "quiet_hours_end": None}
        ).json()["quiet_hours_end"]
        is None
    )


@pytest.mark.parametrize("locked", ["otp", "order_paid", "prescription_rejected", "low_stock"])
def test_a_customer_cannot_switch_off_essential_or_staff_types(customer_client, customer, locked):
    response = customer_client.put(
        URL,
        {
            "muted_channels": [],
            "muted_types": [locked],
            "quiet_hours_start": None,
            "quiet_hours_end": None,
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "preference_locked"
    assert response.json()["error"]["details"] == {"muted_types": [locked]}
    assert not NotificationPreference.objects.filter(user=customer).exists()


def test_staff_may_mute_stock_alerts(operator_client):
    payload = {
        "muted_channels": [],
        "muted_types": ["low_stock"],
        "quiet_hours_start": None,
        "quiet_hours_end": None,
    }
    response = operator_client.put(URL, payload)
    assert response.status_code == 200
    assert "near_expiry" in response.json()["mutable_types"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"quiet_hours_end": None}, "quiet_hours_invalid"),
        ({"quiet_hours_end": "22:00"}, "quiet_hours_invalid"),
        ({"muted_channels": ["fax"]}, "validation_error"),
        ({"quiet_hours_start": "25:00"}, "validation_error"),
    ],
)
def test_bad_preferences_are_a_clear_400(customer_client, change, code):
    payload = {
        "muted_channels": [],
        "muted_types": [],
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "08:00",
        **change,
    }
    response = customer_client.put(URL, payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
