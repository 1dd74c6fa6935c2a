"""Scenario 3: the SMS gateway down, then slow. Registration is accepted at once (the code is in
the outbox); the workers retry with backoff; when the gateway answers again exactly one SMS per
code has reached it, and that code signs the user in."""

import time

import pytest

from .stack import new_phone, wait_until

pytestmark = [pytest.mark.fault, pytest.mark.xdist_group("fault")]


def _outbox(stack, phone: str) -> tuple:
    """(status, attempts, last_error) of the one code SMS to `phone`."""
    rows = stack.postgres.query(
        "SELECT status, attempts, last_error FROM notifications_notification"
        " WHERE recipient = %s AND channel = 'sms'",
        (phone,),
    )
    assert len(rows) == 1, rows
    return rows[0]


def _verify(stack, phone: str) -> None:
    code = stack.gateway.last_code(phone)
    response = stack.post("/api/v1/users/verify/", {"phone_number": phone, "code": code})
    assert response.status_code == 200, response.text
    assert response.json()["access"]


def _still_one_sms_after_a_few_sweeps(stack, phone: str) -> None:
    time.sleep(3)  # three sweeper cycles (NOTIFICATION_SWEEP_SECONDS=1): nothing is resent
    assert stack.gateway.count_to(phone) == 1


def test_gateway_down_registration_is_accepted_retried_and_delivered_once(stack):
    phone = new_phone()
    stack.gateway.down()

    response = stack.register(phone)
    assert response.status_code == 201, response.text
    assert response.json()["resend_after_seconds"] > 0

    # The workers keep trying with backoff; between attempts the message waits in the outbox.
    _status, _attempts, error = wait_until(
        "a second failed attempt",
        lambda: (row := _outbox(stack, phone))[0] == "pending" and row[1] >= 2 and row,
        timeout=30,
    )
    assert error.startswith("gateway unreachable")
    assert stack.gateway.count_to(phone) == 0

    stack.gateway.up()
    wait_until("the code is sent", lambda: _outbox(stack, phone)[0] == "sent", timeout=30)
    assert stack.gateway.count_to(phone) == 1
    _verify(stack, phone)
    _still_one_sms_after_a_few_sweeps(stack, phone)


def test_gateway_slow_the_timed_out_send_is_retried_with_its_key_and_arrives_once(stack):
    phone = new_phone()
    stack.gateway.slow(3)  # longer than SMS_GATEWAY_TIMEOUT: the worker gives up waiting

    assert stack.register(phone).status_code == 201
    # The gateway took the message but the worker got no answer: "in doubt", retried later
    # with the same Idempotency-Key (the gateway deduplicates by it).
    wait_until(
        "a timed-out attempt",
        lambda: _outbox(stack, phone)[2].startswith("no answer from gateway"),
        timeout=30,
    )
    assert stack.gateway.count_to(phone) == 1

    stack.gateway.reset()  # quick again
    wait_until("the code is sent", lambda: _outbox(stack, phone)[0] == "sent", timeout=30)
    assert _outbox(stack, phone)[1] >= 2
    assert stack.gateway.count_to(phone) == 1
    _verify(stack, phone)
    _still_one_sms_after_a_few_sweeps(stack, phone)
