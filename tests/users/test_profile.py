import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.core.roles import Role
from apps.users.models import User
from tests.conftest import TEST_PASSWORD, client_for
from tests.users.conftest import NEW_PASSWORD, bearer, url
from tests.users.factories import CustomerFactory, UnverifiedCustomerFactory

pytestmark = pytest.mark.django_db

NEW_PHONE = "+998935551234"


def test_me_shows_the_callers_profile(customer_client, customer):
    body = customer_client.get(url("me/")).json()
    assert body["id"] == customer.pk
    assert body["phone_number"] == customer.phone_number
    assert set(body) == {
        "id",
        "phone_number",
        "first_name",
        "last_name",
        "language",
        "role",
        "is_verified",
        "date_joined",
    }


def test_patch_me_changes_name_and_language(customer_client, customer):
    response = customer_client.patch(
        url("me/"), {"first_name": "Dilnoza", "language": "ru"}, format="json"
    )
    assert response.status_code == 200
    customer.refresh_from_db()
    assert (customer.first_name, customer.language) == ("Dilnoza", "ru")


def test_patch_me_rejects_an_unknown_language(customer_client):
    response = customer_client.patch(url("me/"), {"language": "de"}, format="json")
    assert response.status_code == 400


def test_mass_assignment_on_patch_me_changes_nothing_privileged(customer_client, customer):
    before = User.objects.filter(pk=customer.pk).values().get()
    response = customer_client.patch(
        url("me/"),
        {
            "role": Role.ADMIN,
            "is_staff": True,
            "is_superuser": True,
            "is_verified": False,
            "is_active": False,
            "verified_at": None,
            "phone_number": NEW_PHONE,
            "deleted_at": timezone.now().isoformat(),
            "id": 999,
            "password": "Hijack-pass-123",
            "first_name": "Allowed",
        },
        format="json",
    )
    assert response.status_code == 200
    after = User.objects.filter(pk=customer.pk).values().get()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"first_name", "updated_at"}
    assert response.json()["role"] == "customer"


class TestPhoneChange:
    def _request(self, send, client, phone=NEW_PHONE, password=TEST_PASSWORD):
        return send(client, "me/phone/", {"new_phone_number": phone, "password": password})

    def _confirm(self, send, client, code, phone=NEW_PHONE):
        return send(client, "me/phone/confirm/", {"new_phone_number": phone, "code": code})

    def test_the_code_goes_to_the_new_number(self, send, customer, customer_client, sms_gateway):
        old_phone = customer.phone_number
        assert self._request(send, customer_client).status_code == 202
        assert sms_gateway.texts_to(old_phone) == []

        response = self._confirm(send, customer_client, sms_gateway.last_code(NEW_PHONE))

        assert response.status_code == 200
        assert response.json()["phone_number"] == NEW_PHONE
        customer.refresh_from_db()
        assert customer.phone_number == NEW_PHONE
        login = send(APIClient(), "login/", {"phone_number": NEW_PHONE, "password": TEST_PASSWORD})
        assert login.status_code == 200

    def test_needs_the_password(self, send, customer_client, sms_gateway):
        response = self._request(send, customer_client, password="Wrong-pass-123")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "wrong_password"
        assert sms_gateway.messages == []

    def test_the_same_number_is_refused(self, send, customer, customer_client):
        response = self._request(send, customer_client, phone=customer.phone_number)
        assert response.json()["error"]["code"] == "same_phone_number"

    def test_another_user_cannot_use_the_code(
        self, send, customer_client, customer_b_client, sms_gateway
    ):
        self._request(send, customer_client)
        code = sms_gateway.last_code(NEW_PHONE)
        stolen = self._confirm(send, customer_b_client, code)
        assert stolen.status_code == 400
        assert stolen.json()["error"]["code"] == "otp_invalid"
        assert self._confirm(send, customer_client, code).status_code == 200

    def test_a_number_of_a_confirmed_account_stays_there(
        self, send, customer, customer_client, sms_gateway
    ):
        holder = CustomerFactory(phone_number=NEW_PHONE)
        self._request(send, customer_client)
        response = self._confirm(send, customer_client, sms_gateway.last_code(NEW_PHONE))
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "phone_number_taken"
        holder.refresh_from_db()
        assert holder.phone_number == NEW_PHONE

    def test_an_unconfirmed_registration_of_the_number_gives_way(
        self, send, customer, customer_client, sms_gateway
    ):
        squatter = UnverifiedCustomerFactory(phone_number=NEW_PHONE)
        self._request(send, customer_client)
        response = self._confirm(send, customer_client, sms_gateway.last_code(NEW_PHONE))
        assert response.status_code == 200
        assert not User.objects.filter(pk=squatter.pk).exists()


class TestPasswordChange:
    def test_changes_the_password_and_ends_other_sessions(self, send, customer):
        other_session = RefreshToken.for_user(customer)
        response = send(
            client_for(customer),
            "password/change/",
            {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD},
        )
        assert response.status_code == 200
        customer.refresh_from_db()
        assert customer.check_password(NEW_PASSWORD)
        assert send(APIClient(), "token/refresh/", {"refresh": str(other_session)}).status_code == (
            401
        )
        # Access tokens issued before the change stop working too.
        assert bearer(str(other_session.access_token)).get(url("me/")).status_code == 401
        assert bearer(response.json()["access"]).get(url("me/")).status_code == 200

    def test_wrong_old_password(self, send, customer_client, customer):
        response = send(
            customer_client,
            "password/change/",
            {"old_password": "Not-it-123", "new_password": NEW_PASSWORD},
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "wrong_password"
        customer.refresh_from_db()
        assert customer.check_password(TEST_PASSWORD)

    def test_weak_new_password(self, send, customer_client):
        response = send(
            customer_client,
            "password/change/",
            {"old_password": TEST_PASSWORD, "new_password": "123"},
        )
        assert response.status_code == 400
        assert "new_password" in response.json()["error"]["details"]


class TestPasswordReset:
    def _reset(self, send, phone, code, password=NEW_PASSWORD):
        return send(
            APIClient(),
            "password/reset/",
            {"phone_number": phone, "code": code, "new_password": password},
        )

    def test_reset_sets_the_password_and_revokes_sessions(self, send, customer, sms_gateway):
        session = RefreshToken.for_user(customer)
        forgot = send(APIClient(), "password/forgot/", {"phone_number": customer.phone_number})
        assert forgot.status_code == 202

        response = self._reset(
            send, customer.phone_number, sms_gateway.last_code(customer.phone_number)
        )

        assert response.status_code == 204
        customer.refresh_from_db()
        assert customer.check_password(NEW_PASSWORD)
        assert send(APIClient(), "token/refresh/", {"refresh": str(session)}).status_code == 401
        login = send(
            APIClient(), "login/", {"phone_number": customer.phone_number, "password": NEW_PASSWORD}
        )
        assert login.status_code == 200

    def test_forgot_answers_the_same_for_unknown_numbers(self, send, customer, sms_gateway):
        known = send(APIClient(), "password/forgot/", {"phone_number": customer.phone_number})
        unknown = send(APIClient(), "password/forgot/", {"phone_number": "+998935550000"})
        assert known.status_code == unknown.status_code == 202
        assert {**known.json(), "phone_number": ""} == {**unknown.json(), "phone_number": ""}
        assert sms_gateway.texts_to("+998935550000") == []
        assert len(sms_gateway.texts_to(customer.phone_number)) == 1

    def test_reset_of_an_unknown_number_fails_like_a_wrong_code(self, send, customer, sms_gateway):
        send(APIClient(), "password/forgot/", {"phone_number": "+998935550000"})
        send(APIClient(), "password/forgot/", {"phone_number": customer.phone_number})
        unknown = self._reset(send, "+998935550000", "123456")
        known = self._reset(send, customer.phone_number, "123456")
        assert unknown.status_code == known.status_code == 400
        assert unknown.json() == known.json()

    def test_weak_password_is_refused_before_the_code_is_spent(self, send, customer, sms_gateway):
        send(APIClient(), "password/forgot/", {"phone_number": customer.phone_number})
        code = sms_gateway.last_code(customer.phone_number)
        weak = self._reset(send, customer.phone_number, code, password="password")
        assert weak.status_code == 400
        assert "new_password" in weak.json()["error"]["details"]
        assert self._reset(send, customer.phone_number, code).status_code == 204
