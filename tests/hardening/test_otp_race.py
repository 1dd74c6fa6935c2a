"""One SMS code, many concurrent uses, on every path that redeems a code besides sign-up
verification (tests/users/test_otp.py races that one): signing in with a code, resetting the
password, confirming a new phone number. Threads with their own PostgreSQL connections are
released together; exactly one use may succeed, and only one session / change may result."""

from functools import partial

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.users.models import LoginAttempt, User
from tests.concurrency import at_once
from tests.conftest import TEST_PASSWORD, client_for
from tests.users.conftest import NEW_PASSWORD, url
from tests.users.factories import CustomerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


def statuses_at_once(call) -> list[int]:
    """`call(index)` in THREADS threads released together; the HTTP statuses, sorted."""
    replies = at_once([partial(call, index) for index in range(THREADS)])
    return sorted(reply.status_code for reply in replies)


def client_from(index: int) -> APIClient:
    """A client of its own address, so the per-IP throttles stay out of the race."""
    return APIClient(REMOTE_ADDR=f"198.51.100.{index + 1}")


def test_one_login_code_used_at_once_signs_in_exactly_once(sms_gateway):
    customer = CustomerFactory()
    phone = customer.phone_number
    body = {"phone_number": phone, "purpose": "login"}
    assert APIClient().post(url("otp/resend/"), body, format="json").status_code == 202
    code = sms_gateway.last_code(phone)

    statuses = statuses_at_once(
        lambda i: client_from(i).post(
            url("login/"), {"phone_number": phone, "code": code}, format="json"
        )
    )

    assert statuses.count(200) == 1, statuses
    assert set(statuses) - {200} <= {400, 401}, statuses
    assert OutstandingToken.objects.filter(user=customer).count() == 1
    assert LoginAttempt.objects.filter(user=customer, succeeded=True).count() == 1


def test_one_reset_code_used_at_once_resets_exactly_once(sms_gateway):
    customer = CustomerFactory()
    phone = customer.phone_number
    forgot = APIClient().post(url("password/forgot/"), {"phone_number": phone}, format="json")
    assert forgot.status_code == 202
    code = sms_gateway.last_code(phone)

    statuses = statuses_at_once(
        lambda i: client_from(i).post(
            url("password/reset/"),
            {"phone_number": phone, "code": code, "new_password": f"{NEW_PASSWORD}-{i}"},
            format="json",
        )
    )

    assert statuses.count(204) == 1, statuses
    assert set(statuses) - {204} == {400}, statuses
    customer.refresh_from_db()
    winners = [i for i in range(THREADS) if customer.check_password(f"{NEW_PASSWORD}-{i}")]
    assert len(winners) == 1


def test_one_phone_change_code_used_at_once_changes_the_number_once(sms_gateway):
    customer = CustomerFactory()
    new_phone = "+998935551234"
    started = client_for(customer).post(
        url("me/phone/"),
        {"new_phone_number": new_phone, "password": TEST_PASSWORD},
        format="json",
    )
    assert started.status_code == 202, started.content
    code = sms_gateway.last_code(new_phone)

    def confirm(index: int):
        client = client_for(customer)
        client.defaults["REMOTE_ADDR"] = f"198.51.100.{index + 1}"
        return client.post(
            url("me/phone/confirm/"), {"new_phone_number": new_phone, "code": code}, format="json"
        )

    statuses = statuses_at_once(confirm)

    assert statuses.count(200) == 1, statuses
    assert set(statuses) - {200} <= {400, 401}, statuses
    assert User.objects.get(pk=customer.pk).phone_number == new_phone
