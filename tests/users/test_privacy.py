import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.users import privacy
from apps.users.models import Address, LoginAttempt, OtpChallenge, User
from apps.users.services.management import user_role_change
from tests.conftest import TEST_PASSWORD
from tests.users.conftest import bearer, register_body, url
from tests.users.factories import AddressFactory

pytestmark = pytest.mark.django_db


def _delete_me(client, password=TEST_PASSWORD):
    return client.delete(url("me/"), {"password": password}, format="json")


class TestExport:
    def test_contains_the_callers_data_and_only_theirs(
        self, send, customer, customer_b, admin_user, monkeypatch
    ):
        mine = AddressFactory(user=customer, street="Navoi street 5")
        AddressFactory(user=customer_b, street="Secret lane 9")
        user_role_change(actor=admin_user, user=customer, role="courier", reason="hired")
        user_role_change(actor=admin_user, user=customer, role="customer", reason="left")
        send(
            APIClient(),
            "login/",
            {"phone_number": customer.phone_number, "password": TEST_PASSWORD},
        )
        send(
            APIClient(),
            "login/",
            {"phone_number": customer_b.phone_number, "password": TEST_PASSWORD},
        )
        # Someone else failing on the customer's number is not the customer's data.
        send(
            APIClient(REMOTE_ADDR="203.0.113.66"),
            "login/",
            {"phone_number": customer.phone_number, "password": "Guess-guess-1"},
        )
        monkeypatch.setitem(
            privacy.EXPORT_SECTIONS, "orders", lambda user: [{"owner": user.phone_number}]
        )

        response = bearer(str(RefreshToken.for_user(customer).access_token)).get(url("me/export/"))

        assert response.status_code == 200
        data = response.json()
        assert data["profile"]["phone_number"] == customer.phone_number
        assert [a["id"] for a in data["addresses"]] == [mine.pk]
        assert [r["to_role"] for r in data["role_history"]] == ["customer", "courier"]
        assert len(data["login_history"]) == 1
        assert data["orders"] == [{"owner": customer.phone_number}]
        text = json.dumps(data)
        for foreign in (
            customer_b.phone_number,
            "Secret lane",
            "203.0.113.66",
            customer_b.last_name,
        ):
            assert foreign not in text

    def test_includes_accepted_terms_and_confirmed_codes(self, signed_up):
        body = signed_up("+998901112233")
        data = bearer(body["access"]).get(url("me/export/")).json()
        assert len(data["terms_acceptances"]) == 1
        assert [c["purpose"] for c in data["code_requests"]] == ["register"]
        assert "code_hash" not in json.dumps(data)

    def test_needs_a_signed_in_user(self):
        assert APIClient().get(url("me/export/")).status_code == 401


class TestRegistry:
    def test_names_are_unique_and_builtin_names_are_reserved(self, monkeypatch):
        monkeypatch.setattr(privacy, "EXPORT_SECTIONS", {})

        def section(user):
            return []

        privacy.register_export_section("prescriptions", section)
        privacy.register_export_section("prescriptions", section)  # ready() may run twice
        with pytest.raises(ImproperlyConfigured):
            privacy.register_export_section("prescriptions", lambda user: [])
        with pytest.raises(ImproperlyConfigured):
            privacy.register_export_section("addresses", section)


class TestDeleteAccount:
    def test_anonymises_and_blocks_login(self, send, customer, monkeypatch):
        phone = customer.phone_number
        AddressFactory(user=customer, street="Navoi street 5", is_default=True)
        session = RefreshToken.for_user(customer)
        send(APIClient(), "login/", {"phone_number": phone, "password": TEST_PASSWORD})
        erased = []
        monkeypatch.setitem(privacy.ERASURE_STEPS, "notifications", erased.append)

        response = _delete_me(bearer(str(session.access_token)))

        assert response.status_code == 204
        user = User.objects.get(pk=customer.pk)
        assert user.phone_number is None
        assert (user.first_name, user.last_name) == ("", "")
        assert not user.is_active
        assert user.deleted_at is not None
        assert not user.has_usable_password()
        assert erased == [user]
        address = Address.objects.get(user=user)
        assert (address.street, address.latitude, address.is_default) == ("", None, False)
        assert address.deleted_at is not None
        assert not LoginAttempt.objects.filter(phone_number=phone).exists()
        assert not OtpChallenge.objects.filter(phone_number=phone).exists()

        login = send(APIClient(), "login/", {"phone_number": phone, "password": TEST_PASSWORD})
        assert login.status_code == 401
        assert bearer(str(session.access_token)).get(url("me/")).status_code == 401
        assert send(APIClient(), "token/refresh/", {"refresh": str(session)}).status_code == 401

    def test_the_number_can_register_again_as_a_new_account(self, send, customer, sms_gateway):
        phone = customer.phone_number
        _delete_me(bearer(str(RefreshToken.for_user(customer).access_token)))
        send(APIClient(), "register/", register_body(phone))
        response = send(
            APIClient(), "verify/", {"phone_number": phone, "code": sms_gateway.last_code(phone)}
        )
        assert response.status_code == 200
        assert response.json()["user"]["id"] != customer.pk

    def test_needs_the_password(self, customer_client, customer):
        response = _delete_me(customer_client, password="Wrong-pass-1")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "wrong_password"
        customer.refresh_from_db()
        assert customer.is_active
        assert customer.phone_number

    def test_needs_a_body(self, customer_client):
        assert customer_client.delete(url("me/")).status_code == 400

    @pytest.mark.parametrize("role", ["courier", "operator", "admin"])
    def test_staff_and_courier_accounts_are_closed_by_an_admin(self, clients, role):
        response = _delete_me(clients[role])
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "account_managed_by_admin"
