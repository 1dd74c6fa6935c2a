import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.users.models import LoginAttempt, LoginMethod
from tests.conftest import TEST_PASSWORD
from tests.users.conftest import bearer, url
from tests.users.factories import CustomerFactory, OperatorFactory, UnverifiedCustomerFactory

pytestmark = pytest.mark.django_db


def _login(send, client, phone, password=TEST_PASSWORD):
    return send(client, "login/", {"phone_number": phone, "password": password})


def test_login_returns_tokens_and_the_user(send, anon_client, customer):
    response = _login(send, anon_client, customer.phone_number.replace("+998", ""))
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["id"] == customer.pk
    assert body["user"]["role"] == "customer"
    assert bearer(body["access"]).get(url("me/")).status_code == 200
    customer.refresh_from_db()
    assert customer.last_login is not None
    assert LoginAttempt.objects.get(user=customer).succeeded


def test_wrong_password_and_unknown_phone_get_the_same_answer(send, anon_client, customer):
    wrong = _login(send, anon_client, customer.phone_number, "Not-the-password-1")
    unknown = _login(send, anon_client, "+998935550000")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_unverified_users_are_told_to_verify(send, anon_client):
    user = UnverifiedCustomerFactory()
    response = _login(send, anon_client, user.phone_number)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "phone_not_verified"
    # With a wrong password nothing is revealed.
    assert _login(send, anon_client, user.phone_number, "Nope-nope-123").status_code == 401


def test_deactivated_users_cannot_log_in(send, anon_client):
    user = CustomerFactory(is_active=False)
    response = _login(send, anon_client, user.phone_number)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "account_inactive"


def test_login_needs_a_password_or_a_code_not_both(send, anon_client, customer):
    neither = send(anon_client, "login/", {"phone_number": customer.phone_number})
    both = send(
        anon_client,
        "login/",
        {"phone_number": customer.phone_number, "password": TEST_PASSWORD, "code": "123456"},
    )
    assert neither.status_code == both.status_code == 400


def test_failures_lock_the_phone_and_ip_pair(send, customer, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    attacker = APIClient(REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        assert _login(send, attacker, customer.phone_number, "Guess-guess-1").status_code == 401

    locked = _login(send, attacker, customer.phone_number)  # even the right password
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_locked"
    assert int(locked["Retry-After"]) == 900

    owner = APIClient(REMOTE_ADDR="198.51.100.7")
    assert _login(send, owner, customer.phone_number).status_code == 200
    other_account = CustomerFactory()
    assert _login(send, attacker, other_account.phone_number).status_code == 200

    time_machine.shift(901)
    assert _login(send, attacker, customer.phone_number).status_code == 200


def test_the_lockout_holds_without_a_cache(send, customer, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        _login(send, client, customer.phone_number, "Guess-guess-1")
    assert _login(send, client, customer.phone_number).status_code == 429


def test_a_success_clears_earlier_failures(send, customer):
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    for _ in range(4):
        _login(send, client, customer.phone_number, "Guess-guess-1")
    assert _login(send, client, customer.phone_number).status_code == 200
    for _ in range(4):
        _login(send, client, customer.phone_number, "Guess-guess-1")
    assert _login(send, client, customer.phone_number).status_code == 200


def test_unknown_phones_lock_the_same_way(send):
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    statuses = [_login(send, client, "+998935550000").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_login_with_a_code(send, anon_client, customer, sms_gateway):
    body = {"phone_number": customer.phone_number, "purpose": "login"}
    assert send(anon_client, "otp/resend/", body).status_code == 202
    code = sms_gateway.last_code(customer.phone_number)

    response = send(anon_client, "login/", {"phone_number": customer.phone_number, "code": code})

    assert response.status_code == 200
    assert response.json()["user"]["id"] == customer.pk
    attempt = LoginAttempt.objects.get(user=customer)
    assert (attempt.method, attempt.succeeded) == (LoginMethod.CODE, True)


def test_no_login_code_goes_to_unknown_or_unverified_numbers(send, sms_gateway):
    unverified = UnverifiedCustomerFactory()
    for phone in ("+998935550000", unverified.phone_number):
        client = APIClient()
        response = send(client, "otp/resend/", {"phone_number": phone, "purpose": "login"})
        assert response.status_code == 202
    assert sms_gateway.messages == []


def test_admin_site_login_shares_the_lockout(client, send):
    operator = OperatorFactory()
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": operator.phone_number, "password": "Wrong-pass-1"}
        )
        assert response.status_code == 200  # the form again, with an error
    response = client.post(
        "/admin/login/", {"username": operator.phone_number, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    attempts = LoginAttempt.objects.filter(user=operator, method=LoginMethod.ADMIN)
    assert attempts.count() == 5
    # The API login from the same address is locked too.
    api = APIClient()
    assert _login(send, api, operator.phone_number).status_code == 429


def test_admin_site_login_works_with_any_phone_spelling(client):
    operator = OperatorFactory(phone_number="+998901234567")
    response = client.post("/admin/login/", {"username": "90 123 45 67", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(operator.pk)
