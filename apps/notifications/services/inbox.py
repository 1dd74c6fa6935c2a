"""The user's side: reading in-app notifications and choosing what to receive."""

from datetime import time

from django.db import transaction
from django.utils import timezone

from ..errors import NotificationNotFound, PreferenceLocked, QuietHoursInvalid
from ..models import Notification, NotificationPreference
from ..policy import MUTABLE_CHANNELS, mutable_types_for
from ..selectors import inbox_queryset


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own in-app notifications read (idempotent); anyone else's is
    not found."""
    notification = inbox_queryset(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotificationNotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark every unread in-app notification of the user read; returns how many changed."""
    now = timezone.now()
    return (
        inbox_queryset(user=user).filter(read_at__isnull=True).update(read_at=now, updated_at=now)
    )


@transaction.atomic
def notification_preferences_update(
    *,
    user,
    muted_channels: list[str],
    muted_types: list[str],
    quiet_hours_start: time | None,
    quiet_hours_end: time | None,
) -> NotificationPreference:
    """Replace the user's preferences. Only optional types and channels can be muted: codes and
    messages about the user's own orders always go out, whatever is asked here."""
    locked_types = sorted(set(muted_types) - mutable_types_for(user.role))
    locked_channels = sorted(set(muted_channels) - MUTABLE_CHANNELS)
    if locked_types or locked_channels:
        details = {}
        if locked_types:
            details["muted_types"] = locked_types
        if locked_channels:
            details["muted_channels"] = locked_channels
        raise PreferenceLocked(details=details)
    if (quiet_hours_start is None) != (quiet_hours_end is None) or (
        quiet_hours_start is not None and quiet_hours_start == quiet_hours_end
    ):
        raise QuietHoursInvalid()
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "muted_channels": sorted(set(muted_channels)),
            "muted_types": sorted(set(muted_types)),
            "quiet_hours_start": quiet_hours_start,
            "quiet_hours_end": quiet_hours_end,
        },
    )
    return preference
