from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.notifications.models import (
    Broadcast,
    BroadcastStatus,
    Channel,
    Notification,
    NotificationPreference,
    NotificationStatus,
    NotificationTemplate,
    NotificationType,
)
from apps.notifications.services import broadcast_fanout, notification_enqueue, notification_send
from tests.users.factories import CourierFactory

from .factories import NotificationTemplateFactory

pytestmark = pytest.mark.django_db

TEMPLATES = "/api/v1/notifications/admin/templates/"
STATS = "/api/v1/notifications/admin/stats/"
BROADCASTS = "/api/v1/notifications/admin/broadcasts/"


def test_an_admin_adds_a_template_and_messages_use_it(admin_client_api, admin_user, customer):
    response = admin_client_api.post(
        TEMPLATES,
        {
            "type": "order_on_the_way",
            "language": "uz",
            "title": "Yo'lda: {order_number}",
            "body": "Dorixona: kuryer {order_number} buyurtmangizni olib kelmoqda.",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["required_placeholders"] == ["order_number"]
    assert body["updated_by"] == admin_user.pk
    notification = notification_enqueue(
        type=NotificationType.ORDER_ON_THE_WAY,
        channel=Channel.IN_APP,
        user=customer,
        context={"order_number": "Z-9"},
    )
    assert notification.title == "Yo'lda: Z-9"
    assert notification.body == "Dorixona: kuryer Z-9 buyurtmangizni olib kelmoqda."


def test_a_template_with_a_wrong_placeholder_is_refused_with_the_reason(admin_client_api):
    response = admin_client_api.post(
        TEMPLATES,
        {"type": "otp", "language": "en", "body": "Your code is {pin}"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "template_invalid"
    assert error["details"]["body"] == ["Unknown placeholder {pin}.", "Missing placeholder {code}."]
    assert not NotificationTemplate.objects.exists()


def test_one_template_per_type_and_language(admin_client_api):
    NotificationTemplateFactory(type="order_paid", language="en")
    response = admin_client_api.post(
        TEMPLATES, {"type": "order_paid", "language": "en", "body": "Paid {order_number}"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "template_exists"


def test_updating_a_template_is_validated_too(admin_client_api):
    template = NotificationTemplateFactory(type="order_paid", language="en")
    url = f"{TEMPLATES}{template.pk}/"
    response = admin_client_api.put(
        url, {"type": "order_paid", "language": "en", "body": "Paid, thanks!"}
    )
    assert response.status_code == 400
    response = admin_client_api.put(
        url, {"type": "order_paid", "language": "en", "body": "Paid: {order_number}"}
    )
    assert response.status_code == 200
    template.refresh_from_db()
    assert template.body == "Paid: {order_number}"
    assert admin_client_api.delete(url).status_code == 204
    assert admin_client_api.get(url).status_code == 404


def test_the_template_list_runs_the_same_queries_for_any_page_size(admin_client_api):
    for type in list(NotificationType)[:12]:
        for language in ("uz", "ru"):
            NotificationTemplateFactory(
                type=type, language=language, title="", body="{{x}}", updated_by=None
            )
    counts = []
    for page_size in (1, 5, 24):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client_api.get(TEMPLATES, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert len(set(counts)) == 1


def test_statistics_count_messages_receipts_and_sms_cost(
    admin_client_api, customer, sms_gateway, settings
):
    settings.SMS_PRICE_PER_SEGMENT = 50
    for order_number in ("A-1", "A-2"):
        sent = notification_enqueue(
            type=NotificationType.ORDER_PAID,
            channel=Channel.SMS,
            user=customer,
            context={"order_number": order_number},
        )
        notification_send(notification_id=sent.pk)
    notification_enqueue(
        type=NotificationType.ORDER_PAID,
        channel=Channel.IN_APP,
        user=customer,
        context={"order_number": "A-1"},
    )
    Notification.objects.filter(provider_message_id="msg-1").update(delivery_status="delivered")

    body = admin_client_api.get(STATS).json()
    assert {(row["channel"], row["status"], row["count"]) for row in body["by_channel"]} == {
        ("sms", "sent", 2),
        ("in_app", "sent", 1),
    }
    assert body["sms_receipts"] == {"delivered": 1, "undelivered": 0, "unknown": 1}
    today = timezone.localdate().isoformat()
    assert body["sms_days"] == [
        {"date": today, "messages": 2, "segments": 2, "cost": "100.00", "blocked": 0}
    ]
    assert body["sms_budget"]["spent_today"] == "100.00"
    assert body["sms_budget"]["exhausted"] is False


def test_statistics_refuse_a_backwards_or_huge_range(admin_client_api):
    today = timezone.localdate()
    backwards = {"date_from": today.isoformat(), "date_to": (today - timedelta(1)).isoformat()}
    huge = {"date_from": (today - timedelta(days=200)).isoformat()}
    for params in (backwards, huge, {"date_from": "yesterday"}):
        response = admin_client_api.get(STATS, params)
        assert response.status_code == 400, params


def _broadcast(client, **changes):
    payload = {
        "segment": "couriers",
        "type": "announcement",
        "channels": ["in_app", "sms"],
        "messages": {
            "uz": {"title": "Yig'ilish", "message": "Ertaga soat 9:00 da omborda yig'ilish."},
            "ru": {"title": "Собрание", "message": "Завтра в 9:00 собрание на складе."},
        },
        **changes,
    }
    return client.post(BROADCASTS, payload)


def test_a_broadcast_reaches_every_active_courier_in_their_language_in_batches(
    admin_client_api, sms_gateway, settings, django_capture_on_commit_callbacks, customer
):
    settings.NOTIFICATION_BROADCAST_BATCH = 2
    couriers = CourierFactory.create_batch(4)
    couriers[0].language = "ru"
    couriers[0].save()
    CourierFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = _broadcast(admin_client_api)
    assert response.status_code == 201
    broadcast = Broadcast.objects.get()
    assert broadcast.status == BroadcastStatus.DONE
    assert broadcast.recipients == 4
    in_app = Notification.objects.filter(broadcast=broadcast, channel=Channel.IN_APP)
    assert sorted(in_app.values_list("user_id", flat=True)) == sorted(c.pk for c in couriers)
    assert set(in_app.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert len(sms_gateway.messages) == 4
    assert sms_gateway.texts_to(couriers[0].phone_number) == ["Завтра в 9:00 собрание на складе."]
    assert sms_gateway.texts_to(couriers[1].phone_number) == [
        "Ertaga soat 9:00 da omborda yig'ilish."
    ]
    assert not Notification.objects.filter(user=customer).exists()
    assert broadcast_fanout(broadcast_id=broadcast.pk) is None  # finished: nothing written twice
    assert Notification.objects.filter(broadcast=broadcast).count() == 8
    listed = admin_client_api.get(BROADCASTS).json()["results"][0]
    assert listed["status"] == "done"
    assert listed["recipients"] == 4


def test_a_broadcast_respects_each_users_mutes(
    admin_client_api, sms_gateway, django_capture_on_commit_callbacks
):
    courier = CourierFactory()
    NotificationPreference.objects.create(user=courier, muted_channels=["sms"])
    with django_capture_on_commit_callbacks(execute=True):
        _broadcast(admin_client_api)
    statuses = dict(Notification.objects.filter(user=courier).values_list("channel", "status"))
    assert statuses == {"in_app": "sent", "sms": "skipped"}
    assert sms_gateway.messages == []


def test_a_broadcast_that_never_started_is_resumed_by_the_sweeper(admin_client_api):
    """The broker was down at commit: the broadcast waits as queued until the sweeper."""
    from apps.notifications.services import notification_sweep

    CourierFactory.create_batch(2)
    response = _broadcast(admin_client_api, channels=["in_app"])  # on_commit never runs here
    broadcast = Broadcast.objects.get(pk=response.json()["id"])
    assert broadcast.status == BroadcastStatus.QUEUED
    notification_sweep()
    broadcast.refresh_from_db()
    assert broadcast.status == BroadcastStatus.DONE
    assert broadcast.notifications.count() == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"type": "otp"},
        {"channels": ["email"]},
        {"channels": []},
        {"segment": "martians"},
        {"messages": {"ru": {"title": "Тема", "message": "Текст"}}},
        {"messages": {"uz": {"title": "T", "message": "M"}, "de": {"title": "T", "message": "M"}}},
        {"messages": {"uz": {"title": "T"}}},
    ],
)
def test_a_broken_broadcast_is_a_clear_400(admin_client_api, changes):
    response = _broadcast(admin_client_api, **changes)
    assert response.status_code == 400
    assert not Broadcast.objects.exists()
