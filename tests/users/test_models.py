import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.errors import InvalidPhoneNumber
from apps.core.roles import Role
from apps.users.models import User
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _violates(**changes) -> bool:
    user = CustomerFactory()
    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(**changes)
    except IntegrityError:
        return True
    return False


def test_create_user_normalises_the_phone_and_hashes_the_password():
    user = User.objects.create_user("90 123 45 67", "Strong-pass-1")
    assert user.phone_number == "+998901234567"
    assert user.password != "Strong-pass-1"
    assert user.check_password("Strong-pass-1")
    assert user.role == Role.CUSTOMER
    assert user.is_staff is False
    assert user.is_verified is False


def test_create_user_rejects_foreign_numbers():
    with pytest.raises(InvalidPhoneNumber):
        User.objects.create_user("+7 901 234 56 78", "Strong-pass-1")


def test_phone_is_unique():
    User.objects.create_user("+998901234567", "Strong-pass-1")
    with pytest.raises(IntegrityError):
        User.objects.create(phone_number="+998901234567")


@pytest.mark.parametrize("phone", ["901234567", "+7901234567", "+99890123456a", ""])
def test_database_rejects_a_non_e164_phone(phone):
    assert _violates(phone_number=phone)


def test_phone_may_be_empty_only_for_deleted_users():
    assert _violates(phone_number=None)
    assert not _violates(phone_number=None, deleted_at=timezone.now())


def test_verified_requires_a_verification_time():
    assert _violates(is_verified=True, verified_at=None)


@pytest.mark.parametrize(
    ("role", "is_staff", "broken"),
    [
        (Role.CUSTOMER, True, True),
        (Role.COURIER, True, True),
        (Role.OPERATOR, False, True),
        (Role.ADMIN, False, True),
        (Role.OPERATOR, True, False),
        (Role.COURIER, False, False),
    ],
)
def test_staff_flag_must_match_the_role(role, is_staff, broken):
    assert _violates(role=role, is_staff=is_staff) is broken


def test_only_admins_can_be_superusers():
    assert _violates(is_superuser=True)
    assert not _violates(is_superuser=True, role=Role.ADMIN, is_staff=True)


def test_create_superuser_is_a_verified_admin():
    admin = User.objects.create_superuser("+998901112233", "Strong-pass-1")
    assert (admin.role, admin.is_staff, admin.is_superuser, admin.is_verified) == (
        Role.ADMIN,
        True,
        True,
        True,
    )
    assert admin.verified_at is not None


def test_soft_delete_queryset():
    alive = CustomerFactory()
    gone = CustomerFactory(deleted_at=timezone.now())
    assert list(User.objects.alive()) == [alive]
    assert list(User.objects.deleted()) == [gone]
    assert gone.is_deleted
    assert not alive.is_deleted
