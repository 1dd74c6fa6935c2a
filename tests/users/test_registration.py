import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.notifications.models import Notification
from apps.users.models import OtpChallenge, TermsAcceptance, User
from tests.conftest import TEST_PASSWORD
from tests.users.conftest import NEW_PASSWORD, bearer, register_body, url
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db

PHONE = "+998901112233"


def test_register_verify_login_refresh_logout(send, sms_gateway, anon_client, settings):
    settings.TERMS_VERSION = "terms-7"
    settings.PRIVACY_POLICY_VERSION = "privacy-3"

    registered = send(anon_client, "register/", register_body("90 111 22 33"))
    assert registered.status_code == 201
    assert registered.json() == {
        "phone_number": PHONE,
        "purpose": "register",
        "code_ttl_seconds": 120,
        "resend_after_seconds": 60,
    }
    user = User.objects.get(phone_number=PHONE)
    assert not user.is_verified
    assert (
        send(anon_client, "login/", {"phone_number": PHONE, "password": TEST_PASSWORD}).json()[
            "error"
        ]["code"]
        == "phone_not_verified"
    )

    verified = send(
        anon_client, "verify/", {"phone_number": PHONE, "code": sms_gateway.last_code(PHONE)}
    )
    assert verified.status_code == 200
    assert verified.json()["user"]["is_verified"] is True
    assert verified.json()["user"]["first_name"] == "Malika"
    acceptance = TermsAcceptance.objects.get(user=user)
    assert (acceptance.terms_version, acceptance.privacy_policy_version) == ("terms-7", "privacy-3")

    login = send(anon_client, "login/", {"phone_number": PHONE, "password": TEST_PASSWORD})
    assert login.status_code == 200
    tokens = login.json()
    assert set(tokens) == {"access", "refresh", "user"}
    assert bearer(tokens["access"]).get(url("me/")).json()["phone_number"] == PHONE

    refreshed = send(anon_client, "token/refresh/", {"refresh": tokens["refresh"]})
    assert refreshed.status_code == 200
    assert set(refreshed.json()) == {"access", "refresh"}
    assert refreshed.json()["refresh"] != tokens["refresh"]

    out = send(anon_client, "logout/", {"refresh": refreshed.json()["refresh"]})
    assert out.status_code == 204
    again = send(anon_client, "token/refresh/", {"refresh": refreshed.json()["refresh"]})
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "token_not_valid"


def test_terms_must_be_accepted(send, anon_client):
    response = send(anon_client, "register/", register_body(PHONE, accepted_terms=False))
    assert response.status_code == 400
    assert "accepted_terms" in response.json()["error"]["details"]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1", "too short"), ("12345678901", "numeric"), ("password123", "common")],
)
def test_weak_passwords_are_refused_by_djangos_validators(send, anon_client, password, reason):
    response = send(anon_client, "register/", register_body(PHONE, password=password))
    assert response.status_code == 400, reason
    assert "password" in response.json()["error"]["details"]
    assert not User.objects.exists()


@pytest.mark.parametrize("phone", ["+79011234567", "+1 202 555 0100", "90123", "٩٠١٢٣٤٥٦٧"])
def test_only_uzbek_numbers_can_register(send, anon_client, sms_gateway, phone):
    response = send(anon_client, "register/", register_body(phone))
    assert response.status_code == 400
    assert response.json()["error"]["details"]["phone_number"]
    assert sms_gateway.messages == []


def test_register_reply_is_the_same_for_known_and_unknown_numbers(send, anon_client, sms_gateway):
    known = CustomerFactory(phone_number="+998901111111")
    unknown = "+998902222222"

    known_reply = send(anon_client, "register/", register_body(known.phone_number))
    unknown_reply = send(anon_client, "register/", register_body(unknown))

    assert known_reply.status_code == unknown_reply.status_code == 201
    assert {**known_reply.json(), "phone_number": None} == {
        **unknown_reply.json(),
        "phone_number": None,
    }
    # The owner of the registered number is told, without a code; the new number gets one.
    [notice] = sms_gateway.texts_to(known.phone_number)
    assert "someone tried to register" in notice
    assert not any(ch.isdigit() for ch in notice)
    assert len(sms_gateway.last_code(unknown)) == 6
    known.refresh_from_db()
    assert known.check_password(TEST_PASSWORD)


def test_verify_with_a_known_number_and_no_code_fails_like_any_wrong_code(
    send, anon_client, sms_gateway
):
    known = CustomerFactory()
    send(anon_client, "register/", register_body(known.phone_number, password=NEW_PASSWORD))
    response = send(anon_client, "verify/", {"phone_number": known.phone_number, "code": "123456"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "otp_invalid"
    known.refresh_from_db()
    assert known.check_password(TEST_PASSWORD)


def test_a_second_registration_of_an_unconfirmed_number_cannot_hijack_it(
    send, anon_client, sms_gateway, time_machine
):
    time_machine.move_to(timezone.now())
    attacker_password = "Attacker-pass-999"
    send(anon_client, "register/", register_body(PHONE, password=attacker_password))
    time_machine.shift(61)
    send(anon_client, "register/", register_body(PHONE, password=NEW_PASSWORD, first_name="Real"))

    response = send(
        anon_client, "verify/", {"phone_number": PHONE, "code": sms_gateway.last_code(PHONE)}
    )

    assert response.status_code == 200
    user = User.objects.get(phone_number=PHONE)
    assert user.first_name == "Real"
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(attacker_password)


def test_the_first_code_dies_when_a_new_one_is_sent(send, anon_client, sms_gateway, time_machine):
    time_machine.move_to(timezone.now())
    send(anon_client, "register/", register_body(PHONE))
    first_code = sms_gateway.last_code(PHONE)
    time_machine.shift(61)
    resent = send(anon_client, "otp/resend/", {"phone_number": PHONE, "purpose": "register"})
    assert resent.status_code == 202
    second_code = sms_gateway.last_code(PHONE)

    if first_code != second_code:
        stale = send(anon_client, "verify/", {"phone_number": PHONE, "code": first_code})
        assert stale.json()["error"]["code"] == "otp_invalid"
    fresh = send(anon_client, "verify/", {"phone_number": PHONE, "code": second_code})
    assert fresh.status_code == 200
    assert OtpChallenge.objects.filter(phone_number=PHONE, consumed_at__isnull=True).count() == 1


def test_codes_are_stored_only_as_keyed_hashes(send, anon_client, sms_gateway):
    send(anon_client, "register/", register_body(PHONE))
    code = sms_gateway.last_code(PHONE)
    challenge = OtpChallenge.objects.get(phone_number=PHONE)
    assert code not in challenge.code_hash
    assert TEST_PASSWORD not in str(challenge.payload)
    assert all(code not in n.body and not n.payload for n in Notification.objects.all())


@pytest.mark.parametrize("purpose", ["register", "login", "reset"])
def test_resend_reply_is_the_same_for_known_and_unknown_numbers(send, sms_gateway, purpose):
    known = CustomerFactory(phone_number="+998901111111")
    replies = [
        send(APIClient(), "otp/resend/", {"phone_number": phone, "purpose": purpose})
        for phone in (known.phone_number, "+998902222222")
    ]
    assert replies[0].status_code == replies[1].status_code == 202
    assert {**replies[0].json(), "phone_number": None} == {
        **replies[1].json(),
        "phone_number": None,
    }
    assert sms_gateway.texts_to("+998902222222") == []
