from decimal import Decimal

import pytest
from django.utils import timezone

from apps.notifications.models import (
    Channel,
    Notification,
    NotificationStatus,
    NotificationType,
    SmsDailyUsage,
)
from apps.notifications.providers.sms import sms_segments
from apps.notifications.services import notification_enqueue, notification_send
from tests.users.factories import AdminFactory

pytestmark = pytest.mark.django_db


def _send(user, type=NotificationType.ORDER_PAID, **context):
    notification = notification_enqueue(
        type=type,
        channel=Channel.SMS,
        user=user,
        context={"order_number": "A-1", **context},
        language="en",
    )
    return notification_send(notification_id=notification.pk) or Notification.objects.get(
        pk=notification.pk
    )


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("Dorixona: order A-1 is paid.", 1),
        ("x" * 160, 1),
        ("x" * 161, 2),
        ("€" * 80, 1),  # GSM extension characters count twice
        ("€" * 81, 2),
        ("Заказ" * 14, 1),  # 70 UCS-2 characters
        ("Заказ" * 15, 2),
        ("o\u02bb" * 35, 1),  # one turned comma (U+02BB) makes the whole text UCS-2
        ("o\u02bb" * 36, 2),
    ],
)
def test_sms_parts_are_counted_as_gateways_bill_them(text, segments):
    assert sms_segments(text) == segments


def test_volume_and_cost_are_counted_per_day(customer, sms_gateway, settings):
    settings.SMS_PRICE_PER_SEGMENT = Decimal("80")
    customer.language = "ru"
    customer.save()
    _send(customer)
    _send(customer, type=NotificationType.PRESCRIPTION_REJECTED, reason="фото нечёткое " * 5)
    usage = SmsDailyUsage.objects.get(date=timezone.localdate())
    assert (usage.messages, usage.segments, usage.cost) == (2, 3, Decimal("240.00"))
    assert list(Notification.objects.order_by("pk").values_list("segments", "cost")) == [
        (1, Decimal("80.00")),
        (2, Decimal("160.00")),
    ]


def test_over_budget_only_one_time_codes_go_out_and_admins_are_told_once(
    customer, sms_gateway, settings
):
    settings.SMS_PRICE_PER_SEGMENT = Decimal("100")
    settings.SMS_DAILY_BUDGET = Decimal("100")
    admins = [AdminFactory(), AdminFactory()]
    AdminFactory(is_active=False)

    assert _send(customer).status == NotificationStatus.SENT  # reaches the budget
    blocked = _send(customer, order_number="A-2")
    assert blocked.status == NotificationStatus.SKIPPED
    assert blocked.last_error == "daily SMS budget exceeded"
    assert _send(customer, type=NotificationType.OTP, code="123456").status == "sent"
    assert _send(customer, type=NotificationType.REGISTER_ATTEMPT).status == "skipped"
    assert sms_gateway.last_code(customer.phone_number) == "123456"
    assert len(sms_gateway.messages) == 2

    usage = SmsDailyUsage.objects.get(date=timezone.localdate())
    assert usage.blocked == 2
    assert usage.budget_alerted_at is not None
    alerts = Notification.objects.filter(type=NotificationType.SMS_BUDGET_EXCEEDED)
    assert sorted(alerts.values_list("user_id", flat=True)) == sorted(a.pk for a in admins)
    assert set(alerts.values_list("channel", "status")) == {("in_app", "sent")}


def test_a_budget_of_zero_means_no_budget(customer, sms_gateway, settings):
    settings.SMS_DAILY_BUDGET = Decimal("0")
    settings.SMS_PRICE_PER_SEGMENT = Decimal("1000000")
    assert _send(customer).status == NotificationStatus.SENT
    assert _send(customer).status == NotificationStatus.SENT


def test_the_budget_starts_again_the_next_day(customer, sms_gateway, settings, time_machine):
    settings.SMS_PRICE_PER_SEGMENT = Decimal("100")
    settings.SMS_DAILY_BUDGET = Decimal("100")
    time_machine.move_to(timezone.now())
    _send(customer)
    assert _send(customer).status == NotificationStatus.SKIPPED
    time_machine.shift(86400)
    assert _send(customer).status == NotificationStatus.SENT
