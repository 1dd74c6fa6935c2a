"""At-most-once under real concurrency: worker threads with their own database connections
racing for the same outbox rows on PostgreSQL (row locks, SKIP LOCKED)."""

import random
import threading
import time

import pytest
from django.db import connection

from apps.notifications.models import Notification, NotificationStatus
from apps.notifications.services import notification_send, notification_sweep

from .factories import PendingSmsFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_in_threads(target, count: int) -> None:
    errors = []

    def run():
        try:
            target()
        except Exception as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []


def test_racing_workers_send_every_message_exactly_once(threaded_sms_gateway):
    threaded_sms_gateway.before_reply = lambda request: time.sleep(0.02)
    ids = [n.pk for n in PendingSmsFactory.create_batch(20)]
    barrier = threading.Barrier(4)

    def worker():
        order = ids[:]
        random.shuffle(order)
        barrier.wait()
        for notification_id in order:
            notification_send(notification_id=notification_id)

    _run_in_threads(worker, 4)
    assert len(threaded_sms_gateway.messages) == 20
    rows = Notification.objects.filter(pk__in=ids)
    assert set(rows.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert set(rows.values_list("attempts", flat=True)) == {1}


def test_two_workers_given_the_same_message_at_once_send_it_once(threaded_sms_gateway):
    threaded_sms_gateway.before_reply = lambda request: time.sleep(0.3)
    notification = PendingSmsFactory()
    barrier = threading.Barrier(2)
    results = []

    def worker():
        barrier.wait()
        results.append(notification_send(notification_id=notification.pk))

    _run_in_threads(worker, 2)
    assert sorted(result is None for result in results) == [False, True]
    assert len(threaded_sms_gateway.messages) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


def test_a_worker_that_outlives_its_lease_cannot_overwrite_the_resend(
    threaded_sms_gateway, settings
):
    """The gateway holds worker A's reply past A's lease; the sweeper presumes A dead and
    resends with the same idempotency key (the gateway drops the repeat) and succeeds. When A
    finally gives up (read timeout), its outcome belongs to a superseded attempt and is
    dropped: the message stays sent and is not retried."""
    settings.NOTIFICATION_SEND_LEASE_SECONDS = 0.2
    settings.SMS_GATEWAY_TIMEOUT = 1.0
    first_request = threading.Event()
    release = threading.Event()

    def hold_the_first_reply(request):
        if not first_request.is_set():
            first_request.set()
            release.wait(5)

    threaded_sms_gateway.before_reply = hold_the_first_reply
    notification = PendingSmsFactory()
    worker_a = threading.Thread(target=_send_and_close, args=(notification.pk,))
    worker_a.start()
    try:
        assert first_request.wait(5)
        time.sleep(0.3)
        assert notification_sweep() == 1
        worker_a.join(timeout=5)
    finally:
        release.set()
        worker_a.join(timeout=5)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    assert notification.provider_message_id == "msg-1"
    assert notification.last_error == ""
    assert len(threaded_sms_gateway.messages) == 1


def _send_and_close(notification_id: int) -> None:
    try:
        notification_send(notification_id=notification_id)
    finally:
        connection.close()
