"""Reads of the accounts domain."""

from django.db.models import QuerySet
from django.utils import timezone

from apps.core.errors import NotFound

from . import privacy
from .models import Address, LoginAttempt, OtpChallenge, RoleChange, TermsAcceptance, User


def address_list(*, user: User) -> QuerySet[Address]:
    """The user's live addresses, default first, then newest."""
    return Address.objects.alive().filter(user=user).order_by("-is_default", "-created_at")


def address_get(*, user: User, address_id: int) -> Address:
    """One live address of `user`; someone else's (or a deleted one) is a 404. Other apps
    (checkout, delivery) use this to accept an address id from a request body."""
    address = address_list(user=user).filter(pk=address_id).first()
    if address is None:
        raise NotFound()
    return address


def user_list() -> QuerySet[User]:
    """Every account (deleted ones too), newest first; the API narrows it with `UserFilter`."""
    return User.objects.order_by("-created_at", "-pk")


def user_get(*, user_id: int) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound()
    return user


def _rows(queryset: QuerySet, *fields: str) -> list[dict]:
    return list(queryset.values(*fields))


def user_data_export(*, user: User) -> dict:
    """Everything the service holds about `user` and only about them: the accounts app's own
    records plus every section registered in `apps.users.privacy` by the apps above."""
    data = {
        "exported_at": timezone.now(),
        "profile": {
            "id": user.pk,
            "phone_number": user.phone_number,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "role": user.role,
            "is_verified": user.is_verified,
            "verified_at": user.verified_at,
            "date_joined": user.created_at,
            "last_login": user.last_login,
        },
        "terms_acceptances": _rows(
            TermsAcceptance.objects.filter(user=user),
            "terms_version",
            "privacy_policy_version",
            "accepted_at",
            "ip_address",
        ),
        "addresses": _rows(
            Address.objects.filter(user=user).order_by("-created_at"),
            "id",
            "label",
            "region",
            "city",
            "street",
            "house",
            "apartment",
            "entrance",
            "floor",
            "landmark",
            "latitude",
            "longitude",
            "is_default",
            "created_at",
            "deleted_at",
        ),
        # Only what the user did: failed tries on their number may come from someone else,
        # whose address is not theirs to receive.
        "login_history": _rows(
            LoginAttempt.objects.filter(user=user, succeeded=True),
            "created_at",
            "method",
            "succeeded",
            "ip_address",
            "user_agent",
        ),
        "code_requests": _rows(
            OtpChallenge.objects.filter(user=user, consumed_at__isnull=False),
            "created_at",
            "purpose",
            "phone_number",
            "requester_ip",
            "consumed_at",
        ),
        "role_history": _rows(
            RoleChange.objects.filter(user=user), "created_at", "from_role", "to_role", "reason"
        ),
    }
    for name, section in privacy.EXPORT_SECTIONS.items():
        data[name] = section(user)
    return data
