import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.core.roles import Role
from apps.users.models import RoleChange, User
from tests.conftest import TEST_PASSWORD
from tests.users.conftest import bearer, url
from tests.users.factories import CourierFactory, CustomerFactory, UnverifiedCustomerFactory

pytestmark = pytest.mark.django_db

ADMIN = url("admin/")
NEW_STAFF = {
    "phone_number": "+998935550101",
    "password": "Staff-pass-2026",
    "first_name": "Jasur",
    "last_name": "Aliyev",
}


def _results(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


class TestUserList:
    def test_search_and_filters(self, admin_client_api):
        aziz = CustomerFactory(first_name="Aziz", last_name="Qodirov", phone_number="+998991234567")
        courier = CourierFactory(first_name="Bobur")
        pending = UnverifiedCustomerFactory()
        gone = CustomerFactory(is_active=False)

        def ids(**params):
            return set(_results(admin_client_api.get(ADMIN, params)))

        assert ids(q="qodir") == {aziz.pk}
        assert ids(q="99 123") == set()  # searched as typed, not reformatted
        assert ids(q="991234") == {aziz.pk}
        assert courier.pk in ids(role="courier")
        assert aziz.pk not in ids(role="courier")
        assert ids(is_verified="false") == {pending.pk}
        assert ids(is_active="false") == {gone.pk}

    def test_a_bad_filter_value_is_a_400(self, admin_client_api):
        assert admin_client_api.get(ADMIN, {"role": "king"}).status_code == 400

    @pytest.mark.parametrize("page_size", [1, 10, 30])
    def test_constant_number_of_queries(
        self, admin_client_api, page_size, django_assert_max_num_queries
    ):
        CustomerFactory.create_batch(30)
        with django_assert_max_num_queries(4):
            response = admin_client_api.get(ADMIN, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size


class TestStaffAccounts:
    @pytest.mark.parametrize(("role", "is_staff"), [("operator", True), ("courier", False)])
    def test_admin_opens_operator_and_courier_accounts(
        self, admin_client_api, admin_user, role, is_staff
    ):
        response = admin_client_api.post(ADMIN, {**NEW_STAFF, "role": role}, format="json")
        assert response.status_code == 201
        user = User.objects.get(phone_number=NEW_STAFF["phone_number"])
        assert (user.role, user.is_staff, user.is_verified) == (role, is_staff, True)
        assert user.check_password(NEW_STAFF["password"])
        audit = RoleChange.objects.get(user=user)
        assert (audit.from_role, audit.to_role, audit.changed_by) == ("", role, admin_user)

    @pytest.mark.parametrize("role", ["admin", "customer"])
    def test_other_roles_cannot_be_opened_directly(self, admin_client_api, role):
        response = admin_client_api.post(ADMIN, {**NEW_STAFF, "role": role}, format="json")
        assert response.status_code == 400
        assert not User.objects.filter(phone_number=NEW_STAFF["phone_number"]).exists()

    def test_a_taken_number_is_a_conflict(self, admin_client_api, customer):
        response = admin_client_api.post(
            ADMIN,
            {**NEW_STAFF, "phone_number": customer.phone_number, "role": "courier"},
            format="json",
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "phone_number_taken"

    def test_passwords_go_through_the_validators(self, admin_client_api):
        response = admin_client_api.post(
            ADMIN, {**NEW_STAFF, "password": "12345678", "role": "courier"}, format="json"
        )
        assert response.status_code == 400
        assert "password" in response.json()["error"]["details"]


class TestRoles:
    def test_role_change_is_audited_and_keeps_the_staff_flag_in_step(
        self, admin_client_api, admin_user, customer
    ):
        response = admin_client_api.post(
            url(f"admin/{customer.pk}/role/"),
            {"role": "operator", "reason": "pharmacist hired"},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["is_staff"] is True
        customer.refresh_from_db()
        assert (customer.role, customer.is_staff) == (Role.OPERATOR, True)
        audit = RoleChange.objects.get(user=customer)
        assert (audit.from_role, audit.to_role, audit.reason, audit.changed_by) == (
            "customer",
            "operator",
            "pharmacist hired",
            admin_user,
        )

        admin_client_api.post(url(f"admin/{customer.pk}/role/"), {"role": "courier"}, format="json")
        customer.refresh_from_db()
        assert (customer.role, customer.is_staff) == (Role.COURIER, False)
        assert RoleChange.objects.filter(user=customer).count() == 2

    def test_demoting_an_admin_drops_superuser(self, admin_client_api):
        other_admin = User.objects.create_superuser("+998935550202", TEST_PASSWORD)
        admin_client_api.post(
            url(f"admin/{other_admin.pk}/role/"), {"role": "operator"}, format="json"
        )
        other_admin.refresh_from_db()
        assert (other_admin.role, other_admin.is_staff, other_admin.is_superuser) == (
            Role.OPERATOR,
            True,
            False,
        )

    def test_the_same_role_records_nothing(self, admin_client_api, customer):
        admin_client_api.post(
            url(f"admin/{customer.pk}/role/"), {"role": "customer"}, format="json"
        )
        assert not RoleChange.objects.exists()

    def test_an_admin_cannot_change_their_own_role(self, admin_client_api, admin_user):
        response = admin_client_api.post(
            url(f"admin/{admin_user.pk}/role/"), {"role": "customer"}, format="json"
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "own_account_change"

    def test_unknown_user_is_a_404(self, admin_client_api):
        response = admin_client_api.post(
            url("admin/987654/role/"), {"role": "courier"}, format="json"
        )
        assert response.status_code == 404

    def test_a_new_role_takes_effect_on_the_next_request(self, admin_client_api, customer):
        access = str(RefreshToken.for_user(customer).access_token)
        assert bearer(access).get(ADMIN).status_code == 403
        admin_client_api.post(url(f"admin/{customer.pk}/role/"), {"role": "admin"}, format="json")
        assert bearer(access).get(ADMIN).status_code == 200


class TestActivation:
    def test_deactivation_ends_every_session_at_once(self, admin_client_api, customer):
        session = RefreshToken.for_user(customer)
        response = admin_client_api.post(url(f"admin/{customer.pk}/deactivate/"))
        assert response.status_code == 200
        assert response.json()["is_active"] is False
        assert bearer(str(session.access_token)).get(url("me/")).status_code == 401
        refresh = APIClient().post(url("token/refresh/"), {"refresh": str(session)}, format="json")
        assert refresh.status_code == 401

    def test_reactivation(self, admin_client_api, customer):
        admin_client_api.post(url(f"admin/{customer.pk}/deactivate/"))
        assert admin_client_api.post(url(f"admin/{customer.pk}/activate/")).status_code == 200
        login = APIClient().post(
            url("login/"),
            {"phone_number": customer.phone_number, "password": TEST_PASSWORD},
            format="json",
        )
        assert login.status_code == 200

    def test_an_admin_cannot_deactivate_themselves(self, admin_client_api, admin_user):
        response = admin_client_api.post(url(f"admin/{admin_user.pk}/deactivate/"))
        assert response.status_code == 409

    def test_a_deleted_account_cannot_be_reactivated(self, admin_client_api, customer):
        client = bearer(str(RefreshToken.for_user(customer).access_token))
        client.delete(url("me/"), {"password": TEST_PASSWORD}, format="json")
        response = admin_client_api.post(url(f"admin/{customer.pk}/activate/"))
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "account_deleted"
