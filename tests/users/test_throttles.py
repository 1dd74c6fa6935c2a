"""Request throttles of the auth endpoints: 429 with Retry-After, keyed by the client address
as the trusted proxies report it, so a spoofed X-Forwarded-For does not mint fresh buckets."""

import pytest
from django.urls import resolve
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from tests.users.conftest import url

pytestmark = pytest.mark.django_db

LOGIN_LIMIT = 20  # THROTTLE_AUTH_LOGIN default: 20/min

THROTTLED_PATHS = [
    "register/",
    "verify/",
    "otp/resend/",
    "login/",
    "token/refresh/",
    "logout/",
    "logout/all/",
    "password/forgot/",
    "password/reset/",
    "password/change/",
    "me/phone/",
    "me/phone/confirm/",
]


@pytest.mark.parametrize("path", THROTTLED_PATHS)
def test_every_auth_endpoint_has_a_configured_throttle(path):
    view = resolve(url(path)).func.view_class
    assert view.throttle_classes, path
    assert view.throttle_scope in api_settings.DEFAULT_THROTTLE_RATES


def _login(client, **headers):
    return client.post(
        url("login/"), {"phone_number": "+998935550000", "password": "Nope-nope-1"}, **headers
    )


def test_login_is_throttled_with_retry_after():
    client = APIClient(REMOTE_ADDR="203.0.113.20")
    statuses = [_login(client).status_code for _ in range(LOGIN_LIMIT)]
    assert set(statuses) <= {401, 429}
    response = _login(client)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"  # checked before the view runs
    assert int(response["Retry-After"]) > 0


def test_a_spoofed_forwarded_for_does_not_reset_the_throttle_without_proxies():
    client = APIClient(REMOTE_ADDR="203.0.113.21")
    for i in range(LOGIN_LIMIT):
        _login(client, HTTP_X_FORWARDED_FOR=f"10.1.0.{i}")
    response = _login(client, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"


def test_behind_one_proxy_only_the_address_it_appends_counts(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")
    for i in range(LOGIN_LIMIT):
        # The client controls everything left of the last entry; nginx appends the real one.
        _login(proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 198.51.100.30")
    spoofed = _login(proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.30")
    assert spoofed.status_code == 429
    other_client = _login(proxy, HTTP_X_FORWARDED_FOR="198.51.100.31")
    assert other_client.status_code == 401


def test_signed_in_endpoints_throttle_per_user(customer_client, customer_b_client):
    body = {"old_password": "Wrong-pass-1", "new_password": "Fresh-Secret-456"}
    statuses = [customer_client.post(url("password/change/"), body).status_code for _ in range(11)]
    assert statuses == [400] * 10 + [429]
    # Deleting the account checks the password too, and shares the bucket.
    delete = customer_client.delete(url("me/"), {"password": "Wrong-pass-1"}, format="json")
    assert delete.status_code == 429
    assert customer_b_client.post(url("password/change/"), body).status_code == 400
