import base64
import json
import threading
from datetime import timedelta

import jwt
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from apps.core.roles import Role
from tests.users.conftest import bearer, url
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _refresh(send, token: str):
    return send(APIClient(), "token/refresh/", {"refresh": token})


def _me(access: str):
    return bearer(access).get(url("me/"))


def _b64(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_refresh_rotates_and_the_old_token_dies(send, customer):
    first = RefreshToken.for_user(customer)
    rotated = _refresh(send, str(first))
    assert rotated.status_code == 200
    assert _me(rotated.json()["access"]).status_code == 200

    replay = _refresh(send, str(first))
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "token_not_valid"
    assert _refresh(send, rotated.json()["refresh"]).status_code == 200


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c"])
def test_malformed_refresh_tokens_are_refused(send, token):
    assert _refresh(send, token).status_code in (400, 401)


def test_an_access_token_cannot_refresh(send, customer):
    access = RefreshToken.for_user(customer).access_token
    assert _refresh(send, str(access)).status_code == 401


def test_a_refresh_token_never_recorded_is_refused(send, customer):
    token = RefreshToken.for_user(customer)
    OutstandingToken.objects.all().delete()
    assert _refresh(send, str(token)).status_code == 401


def test_a_deactivated_users_tokens_stop_working_at_once(send, customer):
    token = RefreshToken.for_user(customer)
    access = str(token.access_token)
    assert _me(access).status_code == 200

    customer.is_active = False
    customer.save()

    assert _me(access).status_code == 401
    assert _refresh(send, str(token)).status_code == 401


def test_a_deleted_users_access_token_is_refused(customer):
    access = str(RefreshToken.for_user(customer).access_token)
    customer.delete()
    assert _me(access).status_code == 401


def test_logout_blacklists_only_that_session(send, customer):
    phone, tablet = RefreshToken.for_user(customer), RefreshToken.for_user(customer)
    assert send(APIClient(), "logout/", {"refresh": str(phone)}).status_code == 204
    assert _refresh(send, str(phone)).status_code == 401
    assert _refresh(send, str(tablet)).status_code == 200


def test_logout_all_revokes_every_session_of_the_user_only(send, customer, customer_b):
    sessions = [RefreshToken.for_user(customer) for _ in range(3)]
    neighbour = RefreshToken.for_user(customer_b)
    response = send(bearer(str(sessions[0].access_token)), "logout/all/")
    assert response.status_code == 204
    assert [_refresh(send, str(s)).status_code for s in sessions] == [401, 401, 401]
    assert _refresh(send, str(neighbour)).status_code == 200


def test_logout_all_needs_a_signed_in_user(send):
    assert send(APIClient(), "logout/all/").status_code == 401


def test_roles_come_from_the_database_not_from_token_claims(customer):
    token = RefreshToken.for_user(customer).access_token
    token["role"] = Role.ADMIN
    token["is_staff"] = True
    assert bearer(str(token)).get(url("admin/")).status_code == 403
    customer.role = Role.ADMIN
    customer.is_staff = True
    customer.save()
    assert (
        bearer(str(RefreshToken.for_user(customer).access_token)).get(url("admin/")).status_code
        == 200
    )


class TestForgedAccessTokens:
    """Every forgery of an access token is a 401 with the error body."""

    @pytest.fixture
    def claims(self, customer):
        return dict(AccessToken.for_user(customer).payload)

    def _assert_refused(self, token: str):
        response = _me(token)
        assert response.status_code == 401
        assert response.json()["error"]["code"] in {"token_not_valid", "authentication_failed"}

    def test_a_genuine_token_works(self, customer):
        assert _me(str(AccessToken.for_user(customer))).status_code == 200

    def test_alg_none(self, claims):
        self._assert_refused(f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.")

    def test_wrong_key(self, claims):
        self._assert_refused(jwt.encode(claims, "not-our-signing-key-" * 3, algorithm="HS256"))

    @pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
    def test_algorithm_swap(self, claims):
        key = django_settings.SIMPLE_JWT["SIGNING_KEY"]
        self._assert_refused(jwt.encode(claims, key, algorithm="HS512"))

    def test_tampered_payload(self, claims, customer_b):
        genuine = jwt.encode(claims, django_settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")
        header, _, signature = genuine.split(".")
        forged = {**claims, "user_id": str(customer_b.pk)}
        self._assert_refused(f"{header}.{_b64(forged)}.{signature}")

    def test_expired(self, claims):
        key = django_settings.SIMPLE_JWT["SIGNING_KEY"]
        expired = {**claims, "exp": int((timezone.now() - timedelta(seconds=1)).timestamp())}
        self._assert_refused(jwt.encode(expired, key, algorithm="HS256"))

    def test_refresh_token_used_as_access(self, customer):
        self._assert_refused(str(RefreshToken.for_user(customer)))

    def test_token_of_an_unknown_user(self, claims):
        key = django_settings.SIMPLE_JWT["SIGNING_KEY"]
        self._assert_refused(jwt.encode({**claims, "user_id": "987654"}, key, algorithm="HS256"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_of_one_token_let_exactly_one_through():
    user = CustomerFactory()
    token = str(RefreshToken.for_user(user))
    barrier = threading.Barrier(10)
    statuses = []

    def refresh():
        try:
            barrier.wait()
            response = APIClient().post(url("token/refresh/"), {"refresh": token}, format="json")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] + [401] * 9
    assert BlacklistedToken.objects.count() == 1
    assert OutstandingToken.objects.filter(user=user).count() == 2
