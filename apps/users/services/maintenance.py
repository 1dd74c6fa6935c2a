"""Housekeeping run hourly by Celery beat: what is no longer needed is not kept."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.core.roles import Role

from ..models import LoginAttempt, OtpChallenge, User


@transaction.atomic
def accounts_purge_stale() -> dict[str, int]:
    """Delete registrations never confirmed within UNVERIFIED_USER_TTL_DAYS (they cannot have
    signed in, so nothing refers to them), code and sign-in records older than
    AUTH_LOG_RETENTION_DAYS, expired refresh tokens, and pending registration data of codes
    that can no longer be used. Returns how many rows each step removed."""
    now = timezone.now()
    retention = now - timedelta(days=settings.AUTH_LOG_RETENTION_DAYS)
    deleted = {
        "unverified_users": User.objects.filter(
            role=Role.CUSTOMER,
            is_verified=False,
            last_login__isnull=True,
            deleted_at__isnull=True,
            created_at__lt=now - timedelta(days=settings.UNVERIFIED_USER_TTL_DAYS),
        )
        .delete()[1]
        .get("users.User", 0),
        "otp_challenges": OtpChallenge.objects.filter(created_at__lt=retention).delete()[0],
        "login_attempts": LoginAttempt.objects.filter(created_at__lt=retention).delete()[0],
        "expired_tokens": OutstandingToken.objects.filter(expires_at__lt=now).delete()[0],
    }
    OtpChallenge.objects.filter(expires_at__lt=now - timedelta(days=1)).exclude(payload={}).update(
        payload={}
    )
    return deleted
