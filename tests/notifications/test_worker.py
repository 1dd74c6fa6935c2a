"""A real Celery worker process (prefork, acks_late) killed in the middle of sending."""

import os
import signal
import subprocess
import sys
import threading
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from apps.notifications.models import Channel, NotificationStatus, NotificationType
from apps.notifications.services import notification_enqueue, notification_sweep

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BROKER_DB = 13  # this suite's own Redis database: flushed before and after
LEASE_SECONDS = 60


class WorkerLog:
    """Collects a worker's output lines as they come, so a test can wait for one."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, fragment: str, *, count: int = 1, timeout: float) -> None:
        with self._changed:
            found = self._changed.wait_for(lambda: self.text.count(fragment) >= count, timeout)
        assert found, f"worker never logged {fragment!r} x{count}:\n{self.text}"


@pytest.fixture
def broker_url():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://...")
    parts = urlsplit(settings.REDIS_URL)
    url = urlunsplit(parts._replace(path=f"/{BROKER_DB}"))
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(broker_url, threaded_sms_gateway):
    """`celery -A config worker` with one pool process, consuming the sms queue from the test
    broker and sending to the fake gateway; stopped after the test."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "SMS_PROVIDER": "http",
        "SMS_GATEWAY_URL": threaded_sms_gateway.url,
        "SMS_GATEWAY_TOKEN": "test-token",
        "SMS_GATEWAY_SUPPORTS_IDEMPOTENCY": "1",
        "NOTIFICATION_SEND_LEASE_SECONDS": str(LEASE_SECONDS),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker"),
        *("--pool", "prefork", "--concurrency", "1", "--queues", "sms"),
        *("--without-mingle", "--without-gossip", "--without-heartbeat"),
        *("--loglevel", "info", "--hostname", f"test-{uuid.uuid4().hex[:8]}@%h"),
    ]
    process = subprocess.Popen(
        command,
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = WorkerLog(process.stdout)
    try:
        log.wait_for("ready.", timeout=30)
        yield process, log
    finally:
        process.send_signal(signal.SIGQUIT)  # cold shutdown: the test is over
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _pool_process(main_pid: int) -> int:
    children = Path(f"/proc/{main_pid}/task/{main_pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def test_a_worker_killed_mid_send_does_not_send_twice(
    worker, threaded_sms_gateway, celery_broker, broker_url, customer, time_machine
):
    process, log = worker
    in_flight = threading.Event()
    release = threading.Event()

    def hold_the_reply(request):
        in_flight.set()
        release.wait(30)

    threaded_sms_gateway.before_reply = hold_the_reply
    celery_broker.use(broker_url)
    with transaction.atomic():
        notification = notification_enqueue(
            type=NotificationType.OTP,
            channel=Channel.SMS,
            user=customer,
            context={"code": "135790"},
        )
    try:
        assert in_flight.wait(30), log.text
        os.kill(_pool_process(process.pid), signal.SIGKILL)  # dies inside the gateway call
        # acks_late + reject_on_worker_lost: the task is redelivered to a fresh pool process,
        # runs again, finds the message in flight under another attempt's lease, and stops.
        log.wait_for("succeeded", timeout=30)
    finally:
        release.set()
    assert "WorkerLostError" in log.text
    assert log.text.count("notification_send_task") >= 2
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING
    assert notification.attempts == 1
    assert threaded_sms_gateway.texts_to(customer.phone_number) == [
        "Dorixona: tasdiqlash kodingiz 135790. Uni hech kimga aytmang."
    ]

    # The killed attempt never reports back. When its lease runs out the sweeper resends with
    # the same idempotency key; the gateway recognises it, so the customer still has one SMS.
    celery_broker.restore()
    time_machine.move_to(notification.next_attempt_at + timedelta(seconds=1))
    assert notification_sweep() == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    assert notification.body == ""
    assert len(threaded_sms_gateway.messages) == 1
