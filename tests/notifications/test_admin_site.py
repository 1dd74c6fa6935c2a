import pytest
from django.test import Client
from django.urls import reverse

from apps.notifications.models import Notification, NotificationStatus, NotificationType
from apps.notifications.services import notification_enqueue

from .factories import InAppNotificationFactory, PendingSmsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site(admin_user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "notification",
        "notificationtemplate",
        "notificationpreference",
        "smsdailyusage",
        "broadcast",
    ],
)
def test_every_notifications_admin_page_opens(admin_site, model):
    InAppNotificationFactory()
    response = admin_site.get(reverse(f"admin:notifications_{model}_changelist"))
    assert response.status_code == 200


def test_staff_never_see_a_code_waiting_to_be_sent(admin_site, customer):
    notification = notification_enqueue(
        type=NotificationType.OTP, channel="sms", user=customer, context={"code": "808080"}
    )
    page = admin_site.get(
        reverse("admin:notifications_notification_change", args=[notification.pk])
    ).content.decode()
    assert "808080" not in page
    assert "•••" in page
    listing = admin_site.get(reverse("admin:notifications_notification_changelist")).content
    assert customer.phone_number.encode() not in listing  # masked in the list


def test_the_retry_action_requeues_failed_messages(admin_site, sms_gateway):
    failed = PendingSmsFactory(status=NotificationStatus.FAILED)
    sent = InAppNotificationFactory()
    response = admin_site.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 message(s) queued again." in response.content.decode()
    assert Notification.objects.get(pk=failed.pk).status == NotificationStatus.PENDING


def test_the_cancel_action_stops_pending_messages(admin_site):
    pending = PendingSmsFactory()
    admin_site.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "cancel", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.status == NotificationStatus.SKIPPED
    assert pending.last_error == "cancelled by staff"
