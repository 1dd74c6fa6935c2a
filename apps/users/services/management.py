"""Account management by administrators: staff accounts, roles (audited), activation.

`_apply_role` is the one place that sets a role, so `is_staff` always follows it (the database
checks `is_staff <=> role in {operator, admin}` as well)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ValidationFailed
from apps.core.roles import STAFF_ROLES, Role

from ..errors import AccountDeleted, OwnAccountChange, PhoneNumberTaken
from ..models import RoleChange, User
from .auth import password_validate
from .sessions import sessions_revoke_all

# Accounts an administrator may open directly; customers register themselves, and a new
# administrator is an existing account promoted with `user_role_change` (audited).
STAFF_CREATABLE_ROLES = (Role.OPERATOR, Role.COURIER)
STAFF_ACCOUNT_ROLE_CHOICES = [(role.value, role.label) for role in STAFF_CREATABLE_ROLES]


def _apply_role(user: User, role: str) -> None:
    user.role = role
    user.is_staff = role in STAFF_ROLES
    if role != Role.ADMIN:
        user.is_superuser = False


def _lock_other(*, actor: User, user: User) -> User:
    if actor.pk == user.pk:
        raise OwnAccountChange()
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_deleted:
        raise AccountDeleted()
    return locked


@transaction.atomic
def staff_account_create(
    *,
    actor: User,
    phone_number: str,
    password: str,
    role: str,
    first_name: str,
    last_name: str,
    language: str = settings.LANGUAGE_CODE,
) -> User:
    """Open an operator or courier account (phone trusted, so verified) and audit it."""
    if role not in STAFF_CREATABLE_ROLES:
        raise ValidationFailed(details={"role": [str(_("Only operators and couriers."))]})
    user = User(
        phone_number=phone_number,
        first_name=first_name,
        last_name=last_name,
        language=language,
        is_verified=True,
        verified_at=timezone.now(),
    )
    password_validate(password=password, user=user)
    _apply_role(user, role)
    user.set_password(password)
    if User.objects.filter(phone_number=phone_number).exists():
        raise PhoneNumberTaken()
    user.full_clean(exclude=["password", "phone_number"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise PhoneNumberTaken() from exc
    RoleChange.objects.create(
        user=user, from_role="", to_role=role, changed_by=actor, reason="account created"
    )
    return user


@transaction.atomic
def user_role_change(*, actor: User, user: User, role: str, reason: str = "") -> User:
    """Give `user` a new role, keep the staff flag in step and record who did it and why.
    Takes effect on the user's next request (roles are read from the database)."""
    user = _lock_other(actor=actor, user=user)
    if user.role == role:
        return user
    RoleChange.objects.create(
        user=user, from_role=user.role, to_role=role, changed_by=actor, reason=reason
    )
    _apply_role(user, role)
    user.save(update_fields=["role", "is_staff", "is_superuser", "updated_at"])
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Block sign-in: the next request with any token is a 401, refresh tokens are revoked."""
    user = _lock_other(actor=actor, user=user)
    user.is_active = False
    user.save(update_fields=["is_active", "updated_at"])
    sessions_revoke_all(user=user)
    return user


@transaction.atomic
def user_activate(*, actor: User, user: User) -> User:
    """Allow a deactivated account to sign in again (deleted accounts stay deleted)."""
    user = _lock_other(actor=actor, user=user)
    user.is_active = True
    user.save(update_fields=["is_active", "updated_at"])
    return user
