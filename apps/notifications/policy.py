"""Which messages a user may switch off, when promotions may go out, and which SMS the daily
budget may stop. Pure rules: no queries, no writes."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.core.roles import STAFF_ROLES

from .models import Channel, NotificationStatus, NotificationType

T = NotificationType

# Codes a person types in somewhere: erased once sent, never logged, never stopped by the budget.
ONE_TIME_CODE_TYPES = frozenset({T.OTP, T.DELIVERY_HANDOVER_CODE})

# Always delivered whatever the preferences: codes, security notices, messages about the user's
# own orders and prescriptions, and operational alerts to admins.
ESSENTIAL_TYPES = ONE_TIME_CODE_TYPES | frozenset(
    {
        T.REGISTER_ATTEMPT,
        T.ORDER_CREATED,
        T.ORDER_PAID,
        T.ORDER_READY,
        T.ORDER_ON_THE_WAY,
        T.ORDER_DELIVERED,
        T.ORDER_CANCELLED,
        T.ORDER_CHANGED,
        T.REFUND_DONE,
        T.PRESCRIPTION_APPROVED,
        T.PRESCRIPTION_REJECTED,
        T.SMS_BUDGET_EXCEEDED,
    }
)

# Promotions: can be muted, and wait out the user's quiet hours on interrupting channels.
MARKETING_TYPES = frozenset({T.MARKETING})

BROADCAST_TYPES = frozenset({T.ANNOUNCEMENT, T.MARKETING})
BROADCAST_TYPE_CHOICES = [(t.value, t.label) for t in sorted(BROADCAST_TYPES)]
BROADCAST_CHANNELS = frozenset({Channel.IN_APP, Channel.SMS})
BROADCAST_CHANNEL_CHOICES = [(c.value, c.label) for c in sorted(BROADCAST_CHANNELS)]

_OPTIONAL_FOR_EVERYONE = frozenset({T.ANNOUNCEMENT, T.MARKETING})
_OPTIONAL_FOR_STAFF = _OPTIONAL_FOR_EVERYONE | frozenset({T.LOW_STOCK, T.NEAR_EXPIRY})

MUTABLE_CHANNELS = frozenset(Channel.values)
QUIET_CHANNELS = frozenset({Channel.SMS, Channel.PUSH, Channel.EMAIL})


def mutable_types_for(role: str) -> frozenset[str]:
    """The types a user with `role` may switch off."""
    return _OPTIONAL_FOR_STAFF if role in STAFF_ROLES else _OPTIONAL_FOR_EVERYONE


@dataclass(frozen=True)
class Decision:
    status: str
    next_attempt_at: datetime | None
    reason: str = ""


def delivery_decision(*, preference, type: str, channel: str, now: datetime) -> Decision:
    """Whether a message goes out now, later (quiet hours) or not at all (muted).
    `preference` is the user's NotificationPreference or None (nothing muted)."""
    if type in ESSENTIAL_TYPES or preference is None:
        return Decision(NotificationStatus.PENDING, now)
    if type in preference.muted_types:
        return Decision(NotificationStatus.SKIPPED, None, "muted by the user: type")
    if channel in preference.muted_channels:
        return Decision(NotificationStatus.SKIPPED, None, "muted by the user: channel")
    if type in MARKETING_TYPES and channel in QUIET_CHANNELS:
        resume_at = quiet_hours_end_after(
            now=now, start=preference.quiet_hours_start, end=preference.quiet_hours_end
        )
        if resume_at is not None:
            return Decision(NotificationStatus.PENDING, resume_at, "deferred: quiet hours")
    return Decision(NotificationStatus.PENDING, now)


def quiet_hours_end_after(*, now: datetime, start: time | None, end: time | None):
    """The end of the quiet window `now` falls in (local time), or None when outside it.
    A window may wrap midnight (22:00-08:00)."""
    if start is None or end is None:
        return None
    local = timezone.localtime(now)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= clock < end
        ends_tomorrow = False
    else:
        inside = clock >= start or clock < end
        ends_tomorrow = clock >= start
    if not inside:
        return None
    day = local.date() + timedelta(days=1 if ends_tomorrow else 0)
    return datetime.combine(day, end, tzinfo=local.tzinfo)
