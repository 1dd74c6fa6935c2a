import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from apps.notifications.models import Notification
from apps.users.errors import OtpAttemptsExceeded, OtpInvalid
from apps.users.models import OtpChallenge, OtpDelivery, OtpPurpose, User
from apps.users.services.otp import otp_challenge_issue, otp_redeem
from tests.users.conftest import register_body, url
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db

PHONE = "+998901112233"


@pytest.fixture
def registered(send, anon_client, sms_gateway, time_machine):
    """A registration waiting for its code; returns the code that was sent."""
    time_machine.move_to(timezone.now(), tick=False)
    assert send(anon_client, "register/", register_body(PHONE)).status_code == 201
    return sms_gateway.last_code(PHONE)


def _other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _verify(send, client, code):
    return send(client, "verify/", {"phone_number": PHONE, "code": code})


def test_five_wrong_codes_kill_the_code(send, anon_client, registered):
    for _ in range(5):
        wrong = _verify(send, anon_client, _other_code(registered))
        assert wrong.status_code == 400
        assert wrong.json()["error"]["code"] == "otp_invalid"

    right = _verify(send, anon_client, registered)

    assert right.status_code == 400
    assert right.json()["error"]["code"] == "otp_attempts_exceeded"
    assert OtpChallenge.objects.get(phone_number=PHONE).attempts == 5
    assert not User.objects.get(phone_number=PHONE).is_verified


def test_attempts_are_counted_in_the_database_even_without_a_cache(
    send, anon_client, registered, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for _ in range(5):
        _verify(send, anon_client, _other_code(registered))
    assert _verify(send, anon_client, registered).json()["error"]["code"] == (
        "otp_attempts_exceeded"
    )


def test_an_expired_code_is_refused(send, anon_client, registered, time_machine):
    time_machine.shift(121)
    response = _verify(send, anon_client, registered)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "otp_expired"


def test_a_code_is_valid_until_it_expires(send, anon_client, registered, time_machine):
    time_machine.shift(119)
    assert _verify(send, anon_client, registered).status_code == 200


def test_a_code_works_once(send, anon_client, registered):
    assert _verify(send, anon_client, registered).status_code == 200
    reused = _verify(send, anon_client, registered)
    assert reused.status_code == 400
    assert reused.json()["error"]["code"] == "otp_invalid"


def test_a_code_is_bound_to_its_purpose(send, anon_client, registered):
    reset = send(
        anon_client,
        "password/reset/",
        {"phone_number": PHONE, "code": registered, "new_password": "Other-pass-777"},
    )
    login = send(anon_client, "login/", {"phone_number": PHONE, "code": registered})
    assert reset.json()["error"]["code"] == login.json()["error"]["code"] == "otp_invalid"
    assert _verify(send, anon_client, registered).status_code == 200


def test_a_code_is_bound_to_its_phone(send, anon_client, registered):
    other = "+998907654321"
    response = send(anon_client, "verify/", {"phone_number": other, "code": registered})
    assert response.json()["error"]["code"] == "otp_invalid"


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_malformed_codes_are_rejected_without_counting(send, anon_client, registered, code):
    response = _verify(send, anon_client, code)
    assert response.status_code == 400
    assert "code" in response.json()["error"]["details"]
    assert OtpChallenge.objects.get(phone_number=PHONE).attempts == 0


def test_resend_waits_for_the_cooldown(send, anon_client, registered, time_machine, sms_gateway):
    body = {"phone_number": PHONE, "purpose": "register"}
    too_soon = send(anon_client, "otp/resend/", body)
    assert too_soon.status_code == 429
    assert too_soon.json()["error"]["code"] == "otp_cooldown"
    assert int(too_soon["Retry-After"]) == 60
    assert len(sms_gateway.texts_to(PHONE)) == 1

    time_machine.shift(61)
    assert send(anon_client, "otp/resend/", body).status_code == 202
    assert len(sms_gateway.texts_to(PHONE)) == 2


def test_resend_has_an_hourly_cap_per_phone(send, registered, time_machine, settings):
    settings.OTP_PHONE_HOURLY_LIMIT = 3
    body = {"phone_number": PHONE, "purpose": "register"}
    statuses = []
    for _ in range(3):
        time_machine.shift(61)
        # A fresh client each time: the per-IP request throttle is not what is tested here.
        client = APIClient(REMOTE_ADDR=f"10.0.0.{len(statuses) + 1}")
        response = send(client, "otp/resend/", body)
        statuses.append(response.status_code)
    assert statuses == [202, 202, 429]
    assert response.json()["error"]["code"] == "otp_hourly_limit"
    assert 0 < int(response["Retry-After"]) <= 3600


def test_the_cooldown_is_the_same_for_unknown_numbers(send, anon_client):
    unknown = {"phone_number": "+998935550000", "purpose": "reset"}
    assert send(anon_client, "otp/resend/", unknown).status_code == 202
    again = send(anon_client, "otp/resend/", unknown)
    assert again.status_code == 429
    assert again.json()["error"]["code"] == "otp_cooldown"


def test_sms_budget_per_ip(send, settings, sms_gateway):
    settings.OTP_IP_HOURLY_LIMIT = 3
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    statuses = [
        send(client, "register/", register_body(f"+99890000000{i}")).status_code for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    other_ip = APIClient(REMOTE_ADDR="203.0.113.10")
    assert send(other_ip, "register/", register_body("+998900000009")).status_code == 201
    assert len(sms_gateway.messages) == 4


def test_global_sms_budget(send, settings, sms_gateway):
    settings.OTP_GLOBAL_HOURLY_LIMIT = 2
    statuses = [
        send(
            APIClient(REMOTE_ADDR=f"198.51.100.{i}"),
            "register/",
            register_body(f"+99891000000{i}"),
        ).status_code
        for i in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert len(sms_gateway.messages) == 2


def test_codes_are_six_random_digits():
    for i in range(40):
        otp_challenge_issue(
            phone_number=f"+998977{i:06d}",
            purpose=OtpPurpose.LOGIN,
            delivery=OtpDelivery.CODE,
            requester_ip=None,
        )
    # Not sent yet (nothing ran after commit), so the outbox still holds the texts.
    codes = [re.search(r"\b([0-9]{6})\b", n.body).group(1) for n in Notification.objects.all()]
    assert len(codes) == 40
    assert len(set(codes)) > 35


def test_redeem_counts_a_wrong_try_even_though_it_raises():
    user = CustomerFactory()
    otp_challenge_issue(
        phone_number=user.phone_number,
        purpose=OtpPurpose.LOGIN,
        delivery=OtpDelivery.CODE,
        requester_ip=None,
        user=user,
    )
    ran = []
    with pytest.raises(OtpInvalid):
        otp_redeem(
            phone_number=user.phone_number,
            purpose=OtpPurpose.LOGIN,
            code="000000",
            action=ran.append,
        )
    challenge = OtpChallenge.objects.get()
    assert challenge.attempts == 1
    assert ran == []
    challenge.attempts = 5
    challenge.save()
    with pytest.raises(OtpAttemptsExceeded):
        otp_redeem(
            phone_number=user.phone_number,
            purpose=OtpPurpose.LOGIN,
            code="000000",
            action=ran.append,
        )


def test_a_challenge_expires_after_the_configured_time(settings):
    settings.OTP_CODE_TTL_SECONDS = 300
    challenge = otp_challenge_issue(
        phone_number=PHONE,
        purpose=OtpPurpose.RESET,
        delivery=OtpDelivery.NONE,
        requester_ip="127.0.0.1",
    )
    assert challenge.expires_at - challenge.created_at == timedelta(seconds=300)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_verifications_of_one_code_let_exactly_one_through(sms_gateway):
    APIClient().post(url("register/"), register_body(PHONE), format="json")
    code = sms_gateway.last_code(PHONE)
    barrier = threading.Barrier(8)
    statuses = []

    def verify():
        try:
            barrier.wait()
            response = APIClient().post(
                url("verify/"), {"phone_number": PHONE, "code": code}, format="json"
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=verify) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] + [400] * 7
    assert User.objects.get(phone_number=PHONE).terms_acceptances.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_number_send_one_code(sms_gateway):
    barrier = threading.Barrier(6)
    statuses = []

    def register(i):
        try:
            barrier.wait()
            client = APIClient(REMOTE_ADDR=f"203.0.113.{i}")
            response = client.post(url("register/"), register_body(PHONE), format="json")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201] + [429] * 5
    assert User.objects.filter(phone_number=PHONE).count() == 1
    assert len(sms_gateway.texts_to(PHONE)) == 1
