"""Scenario 4: the Celery worker killed with SIGKILL while a task is inside the gateway call.
acks_late + reject_on_worker_lost (a pool process killed) and the broker's visibility timeout
(the whole worker node gone) hand the task out again; the outbox's lease and the idempotency key
make the second run harmless: one SMS."""

import os
import re
import signal
import threading
import time

import pytest

from .stack import new_phone, wait_until

pytestmark = [pytest.mark.fault, pytest.mark.xdist_group("fault")]

VISIBILITY_TIMEOUT_SECONDS = 8  # CELERY_VISIBILITY_TIMEOUT of the stack (tests/fault/stack.py)


def _hold_gateway(stack) -> tuple[threading.Event, threading.Event]:
    """The gateway records the message, then does not answer until released."""
    in_flight, release = threading.Event(), threading.Event()

    def hold(request):
        in_flight.set()
        release.wait(30)

    stack.gateway.before_reply = hold
    return in_flight, release


def _task_id(stack, worker: str) -> str:
    received = re.findall(
        r"notification_send_task\[([0-9a-f-]{36})\] received",
        stack.log_text(worker, current_run=True),
    )
    assert received, stack.log_text(worker)
    return received[-1]


def _delivered_once(stack, phone: str) -> None:
    wait_until(
        "the SMS is marked sent",
        lambda: (
            stack.notifications_to(phone) == [("otp", "sent", 2)]
            or stack.notifications_to(phone)[0][1] == "sent"
        ),
        timeout=40,
        stack=stack,
    )
    assert stack.gateway.count_to(phone) == 1


def test_pool_process_killed_mid_send_the_task_runs_again_without_a_second_sms(stack):
    phone = new_phone()
    in_flight, release = _hold_gateway(stack)
    try:
        assert stack.register(phone).status_code == 201
        assert in_flight.wait(30), stack.log_text("worker")
        task_id = _task_id(stack, "worker")
        for pid in stack.children("worker"):  # the pool processes; the main process lives on
            os.kill(pid, signal.SIGKILL)
        # The main process sees the loss, requeues the message (reject_on_worker_lost) and a
        # fresh pool process runs the same task again.
        wait_until(
            "the task is run again",
            lambda: stack.log_text("worker", current_run=True).count(f"[{task_id}] received") >= 2,
            timeout=30,
            stack=stack,
        )
        assert "WorkerLostError" in stack.log_text("worker", current_run=True)
    finally:
        release.set()
    # The second run found the message under the killed attempt's lease and left it; when the
    # lease ran out the sweeper resent it with the same key, which the gateway dropped.
    _delivered_once(stack, phone)


def test_whole_worker_killed_mid_send_another_worker_takes_the_task_over(stack):
    phone = new_phone()
    in_flight, release = _hold_gateway(stack)
    try:
        assert stack.register(phone).status_code == 201
        assert in_flight.wait(30), stack.log_text("worker")
        task_id = _task_id(stack, "worker")
        stack.stop("worker", sig=signal.SIGKILL)  # the node is gone: nobody rejects anything
        # The replacement comes up once the message's visibility timeout has passed; a worker
        # looks for such unacknowledged messages when it connects (and then every
        # unacked_restore_interval x unacked_restore_throttle seconds, 100 s by default).
        time.sleep(VISIBILITY_TIMEOUT_SECONDS + 1)
        stack.start_worker("spare")
        stack.wait_worker("spare")
        wait_until(
            "the spare worker receives the same task",
            lambda: f"[{task_id}] received" in stack.log_text("spare", current_run=True),
            timeout=45,
            stack=stack,
        )
    finally:
        release.set()
    try:
        _delivered_once(stack, phone)
    finally:
        stack.stop("spare", sig=signal.SIGQUIT)  # cold shutdown: the scenario is over
