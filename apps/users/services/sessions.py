"""JWT sessions: a short-lived access token and a rotating, blacklisted refresh token.

Stock simplejwt checks the blacklist and then writes to it (check-then-act), so two concurrent
refreshes of one token can both succeed. Here the insert into the blacklist is the arbiter:
`BlacklistedToken.token` is one-to-one, so exactly one insert for a token can commit and every
other one fails with an IntegrityError, which means "already used"."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from ..errors import RefreshTokenInvalid
from ..models import User


@dataclass(frozen=True)
class Session:
    user: User
    access: str
    refresh: str


def _issue_pair(user: User) -> Session:
    refresh = RefreshToken.for_user(user)  # recorded as an OutstandingToken
    return Session(user=user, access=str(refresh.access_token), refresh=str(refresh))


def session_start(*, user: User) -> Session:
    """Issue a new token pair for `user` after a successful sign-in and note the login time."""
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)
    return _issue_pair(user)


def _outstanding(raw_refresh: str) -> OutstandingToken:
    """The recorded token behind a well-signed, unexpired, not yet blacklisted refresh token."""
    try:
        token = RefreshToken(raw_refresh)
    except TokenError as exc:
        raise RefreshTokenInvalid() from exc
    outstanding = (
        OutstandingToken.objects.select_related("user")
        .filter(jti=token[jwt_settings.JTI_CLAIM])
        .first()
    )
    if outstanding is None or outstanding.user is None:
        raise RefreshTokenInvalid()
    return outstanding


def _blacklist(outstanding: OutstandingToken) -> None:
    try:
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError as exc:
        raise RefreshTokenInvalid() from exc


@transaction.atomic
def session_refresh(*, refresh: str) -> Session:
    """Rotate a refresh token: blacklist it and issue a new pair. Of N concurrent calls with
    the same token exactly one succeeds; the others (and any later replay) get 401."""
    outstanding = _outstanding(refresh)
    # The user row lock orders this against `sessions_revoke_all` (logout everywhere, password
    # reset): a rotation either finishes first and its new token is revoked too, or sees the
    # old token already blacklisted.
    user = User.objects.select_for_update().filter(pk=outstanding.user_id).first()
    if user is None or not user.is_active or user.is_deleted:
        raise RefreshTokenInvalid()
    _blacklist(outstanding)
    return _issue_pair(user)


@transaction.atomic
def session_end(*, refresh: str) -> None:
    """Log out one session: blacklist its refresh token (the access token dies on expiry)."""
    _blacklist(_outstanding(refresh))


@transaction.atomic
def sessions_revoke_all(*, user: User) -> int:
    """Blacklist every live refresh token of `user`; returns how many were revoked."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    live = OutstandingToken.objects.filter(
        user=user, blacklistedtoken__isnull=True, expires_at__gt=timezone.now()
    )
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in live], ignore_conflicts=True
    )
    return len(revoked)
