import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.notifications.models import Channel, Notification, NotificationStatus

from .factories import InAppNotificationFactory, PendingSmsFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"


def test_the_list_holds_only_the_callers_in_app_notifications_newest_first(
    customer, customer_b, customer_client
):
    older = InAppNotificationFactory(user=customer)
    newer = InAppNotificationFactory(user=customer)
    InAppNotificationFactory(user=customer_b)
    InAppNotificationFactory(user=customer, status=NotificationStatus.SKIPPED)  # muted
    PendingSmsFactory(user=customer)
    body = customer_client.get(LIST).json()
    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    assert set(body["results"][0]) == {
        "id",
        "type",
        "title",
        "body",
        "data",
        "created_at",
        "read_at",
        "is_read",
    }
    assert body["results"][0]["data"] == newer.payload


def test_the_unread_filter(customer, customer_client):
    unread = InAppNotificationFactory(user=customer)
    read = InAppNotificationFactory(user=customer)
    customer_client.post(f"{LIST}{read.pk}/mark-read/")
    assert [n["id"] for n in customer_client.get(LIST, {"unread": "true"}).json()["results"]] == [
        unread.pk
    ]
    assert [n["id"] for n in customer_client.get(LIST, {"unread": "false"}).json()["results"]] == [
        read.pk
    ]
    response = customer_client.get(LIST, {"unread": "maybe"})
    assert response.status_code == 400
    assert "unread" in response.json()["error"]["details"]


def test_the_list_runs_the_same_queries_for_any_page_size(customer, customer_client):
    InAppNotificationFactory.create_batch(30, user=customer)
    counts = []
    for page_size in (1, 10, 30):
        with CaptureQueriesContext(connection) as queries:
            response = customer_client.get(LIST, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert len(set(counts)) == 1
    assert counts[0] <= 3


def test_mark_read_is_idempotent(customer, customer_client):
    notification = InAppNotificationFactory(user=customer)
    first = customer_client.post(f"{LIST}{notification.pk}/mark-read/").json()
    second = customer_client.post(f"{LIST}{notification.pk}/mark-read/").json()
    assert first["is_read"] is True
    assert second["read_at"] == first["read_at"]


@pytest.mark.parametrize("intruder", ["customer_b", "courier", "operator", "admin"])
def test_nobody_can_read_or_mark_someone_elses_notification(clients, customer, intruder):
    notification = InAppNotificationFactory(user=customer)
    response = clients[intruder].post(f"{LIST}{notification.pk}/mark-read/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "notification_not_found"
    assert notification.pk not in [n["id"] for n in clients[intruder].get(LIST).json()["results"]]
    clients[intruder].post(f"{LIST}mark-all-read/")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_sms_row_cannot_be_marked_as_an_in_app_one(customer, customer_client):
    sms = PendingSmsFactory(user=customer)
    assert customer_client.post(f"{LIST}{sms.pk}/mark-read/").status_code == 404


def test_unknown_or_absurd_ids_are_404(customer_client):
    assert customer_client.post(f"{LIST}999999/mark-read/").status_code == 404
    assert customer_client.post(f"{LIST}9223372036854775808/mark-read/").status_code == 404


def test_mark_all_read_and_the_unread_count(customer, customer_b, customer_client):
    InAppNotificationFactory.create_batch(3, user=customer)
    other = InAppNotificationFactory(user=customer_b)
    assert customer_client.get(f"{LIST}unread-count/").json() == {"unread": 3}
    assert customer_client.post(f"{LIST}mark-all-read/").json() == {"marked": 3}
    assert customer_client.get(f"{LIST}unread-count/").json() == {"unread": 0}
    assert customer_client.post(f"{LIST}mark-all-read/").json() == {"marked": 0}
    other.refresh_from_db()
    assert other.read_at is None
    assert Notification.objects.filter(user=customer, read_at__isnull=False).count() == 3


def test_in_app_notifications_from_enqueue_appear_in_the_inbox(customer, customer_client):
    from apps.notifications.models import NotificationType
    from apps.notifications.services import notification_enqueue

    notification_enqueue(
        type=NotificationType.PRESCRIPTION_REJECTED,
        channel=Channel.IN_APP,
        user=customer,
        context={"reason": "The photo is blurred."},
        language="en",
    )
    item = customer_client.get(LIST).json()["results"][0]
    assert item["title"] == "Prescription rejected"
    assert item["body"] == "Dorixona: your prescription was rejected: The photo is blurred."
    assert item["is_read"] is False
