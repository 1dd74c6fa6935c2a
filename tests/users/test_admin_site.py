"""The Django admin for accounts, through its views: administrators open and change staff
accounts; operators can look accounts up but never create or edit them."""

import pytest

from apps.core.roles import Role
from apps.users.models import RoleChange, User
from tests.users.factories import AdminFactory, CourierFactory, UnverifiedCustomerFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/users/user/"
ADD = "/admin/users/user/add/"
NEW_PHONE = "+998935550303"


def _change_url(user) -> str:
    return f"/admin/users/user/{user.pk}/change/"


def _add_body(role: str, phone: str = NEW_PHONE) -> dict:
    return {
        "phone_number": phone,
        "first_name": "Sardor",
        "last_name": "Usmonov",
        "language": "uz",
        "role": role,
        "password1": "Staff-pass-2026",
        "password2": "Staff-pass-2026",
    }


def _change_body(user, **changes) -> dict:
    body = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "role": user.role,
        "role_change_reason": "",
        "is_active": "on" if user.is_active else "",
        "role_changes-TOTAL_FORMS": "0",
        "role_changes-INITIAL_FORMS": "0",
        **changes,
    }
    return {key: value for key, value in body.items() if value != ""}


@pytest.mark.parametrize(
    ("phone", "role", "is_staff"),
    [("90 555 03 03", "operator", True), ("935550304", "courier", False)],
)
def test_an_admin_creates_operators_and_couriers(client, admin_user, phone, role, is_staff):
    client.force_login(admin_user)
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, _add_body(role, phone))

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(first_name="Sardor")
    assert (user.role, user.is_staff, user.is_superuser, user.is_verified) == (
        role,
        is_staff,
        False,
        True,
    )
    assert user.check_password("Staff-pass-2026")
    assert RoleChange.objects.get(user=user).changed_by == admin_user


def test_the_add_form_checks_passwords_and_phone(client, admin_user):
    client.force_login(admin_user)
    mismatch = client.post(ADD, {**_add_body("courier"), "password2": "Other-pass-2026"})
    weak = client.post(ADD, {**_add_body("courier"), "password1": "1234", "password2": "1234"})
    foreign = client.post(ADD, _add_body("courier", phone="+79011234567"))
    admin_role = client.post(ADD, _add_body("admin"))
    for response in (mismatch, weak, foreign, admin_role):
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
    assert not User.objects.filter(first_name="Sardor").exists()


def test_operators_cannot_create_staff(client, operator):
    client.force_login(operator)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, _add_body("operator")).status_code == 403
    assert not User.objects.filter(phone_number=NEW_PHONE).exists()


@pytest.mark.parametrize("target_role", ["customer", "courier", "operator", "admin"])
def test_operators_cannot_edit_accounts(client, operator, target_role):
    target = {
        "customer": UnverifiedCustomerFactory,
        "courier": CourierFactory,
        "admin": AdminFactory,
    }.get(target_role, lambda: operator)()
    client.force_login(operator)
    before = User.objects.filter(pk=target.pk).values().get()

    response = client.post(_change_url(target), _change_body(target, role=Role.ADMIN))

    assert response.status_code == 403
    assert User.objects.filter(pk=target.pk).values().get() == before
    assert not RoleChange.objects.exists()


def test_operators_can_look_accounts_up_read_only(client, operator, customer):
    client.force_login(operator)
    assert client.get(CHANGELIST, {"q": customer.phone_number}).status_code == 200
    page = client.get(_change_url(customer))
    assert page.status_code == 200
    assert b'name="first_name"' not in page.content  # shown, not editable


@pytest.mark.parametrize("role", ["customer", "courier"])
def test_non_staff_cannot_enter_the_admin(client, role, clients, customer, courier):
    client.force_login({"customer": customer, "courier": courier}[role])
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_admin_changes_a_role_through_the_change_form(client, admin_user, customer):
    client.force_login(admin_user)
    response = client.post(
        _change_url(customer),
        _change_body(customer, role="operator", role_change_reason="moved to the pharmacy"),
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.role, customer.is_staff) == (Role.OPERATOR, True)
    audit = RoleChange.objects.get(user=customer)
    assert (audit.from_role, audit.to_role, audit.reason) == (
        "customer",
        "operator",
        "moved to the pharmacy",
    )
    page = client.get(_change_url(customer))
    assert b"moved to the pharmacy" in page.content  # the audit trail is shown inline


def test_an_admin_deactivates_through_the_change_form(client, admin_user, customer):
    client.force_login(admin_user)
    response = client.post(_change_url(customer), _change_body(customer, is_active=""))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert not customer.is_active


def test_an_admin_cannot_change_their_own_role_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(_change_url(admin_user), _change_body(admin_user, role="customer"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_the_changelist_filters_by_role_and_verification(client, admin_user, customer, courier):
    pending = UnverifiedCustomerFactory()
    client.force_login(admin_user)

    def listed(**params):
        return set(client.get(CHANGELIST, params).context["cl"].result_list)

    assert listed(role__exact="courier") == {courier}
    assert listed(is_verified__exact="0") == {pending}


def test_nobody_deletes_accounts_from_the_admin(client, admin_user, customer):
    client.force_login(admin_user)
    assert (
        client.post(f"/admin/users/user/{customer.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert User.objects.filter(pk=customer.pk).exists()


def test_security_records_are_for_admins_only(client, operator, admin_user):
    for path in ("/admin/users/otpchallenge/", "/admin/users/loginattempt/"):
        client.force_login(operator)
        assert client.get(path).status_code == 403
        client.force_login(admin_user)
        assert client.get(path).status_code == 200
