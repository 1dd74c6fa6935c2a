"""Reads of the notifications app. Lists run a constant number of queries."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from . import dev_outbox
from .errors import TemplateNotFound
from .models import (
    Broadcast,
    Channel,
    Notification,
    NotificationPreference,
    NotificationStatus,
    NotificationTemplate,
    SmsDailyUsage,
)
from .policy import ESSENTIAL_TYPES, MUTABLE_CHANNELS, mutable_types_for


def inbox_queryset(*, user) -> QuerySet[Notification]:
    """The user's own in-app notifications, newest first."""
    return Notification.objects.filter(
        user=user, channel=Channel.IN_APP, status=NotificationStatus.SENT
    ).order_by("-created_at", "-pk")


def inbox_list(*, user, unread: bool | None = None) -> QuerySet[Notification]:
    notifications = inbox_queryset(user=user)
    if unread is not None:
        notifications = notifications.filter(read_at__isnull=unread)
    return notifications


def inbox_unread_count(*, user) -> int:
    return inbox_queryset(user=user).filter(read_at__isnull=True).count()


def preference_for(*, user) -> NotificationPreference:
    """The user's preferences; an unsaved all-on default when they never chose."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)


def preference_options(*, role: str) -> dict[str, list[str]]:
    """What a user with `role` may switch off, and what always stays on."""
    return {
        "mutable_channels": sorted(MUTABLE_CHANNELS),
        "mutable_types": sorted(mutable_types_for(role)),
        "always_on_types": sorted(ESSENTIAL_TYPES),
    }


def template_list() -> QuerySet[NotificationTemplate]:
    return NotificationTemplate.objects.select_related("updated_by").order_by("type", "language")


def broadcast_list() -> QuerySet[Broadcast]:
    return Broadcast.objects.select_related("created_by").order_by("-created_at", "-pk")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def delivery_stats(*, date_from: date, date_to: date) -> dict:
    """Messages per channel and status, SMS delivery receipts and SMS volume/cost per day for
    local days `date_from`..`date_to`, plus today's budget."""
    created = Notification.objects.filter(
        created_at__gte=_start_of(date_from), created_at__lt=_start_of(date_to + timedelta(days=1))
    )
    by_channel = list(
        created.values("channel", "status")
        .annotate(count=Count("pk"))
        .order_by("channel", "status")
    )
    receipts = dict(
        created.filter(channel=Channel.SMS, status=NotificationStatus.SENT)
        .values("delivery_status")
        .annotate(count=Count("pk"))
        .values_list("delivery_status", "count")
    )
    days = list(
        SmsDailyUsage.objects.filter(date__range=(date_from, date_to))
        .order_by("date")
        .values("date", "messages", "segments", "cost", "blocked")
    )
    today = SmsDailyUsage.objects.filter(date=timezone.localdate()).first()
    spent = today.cost if today else Decimal("0.00")
    budget = settings.SMS_DAILY_BUDGET
    return {
        "date_from": date_from,
        "date_to": date_to,
        "by_channel": by_channel,
        "sms_receipts": {
            "delivered": receipts.get("delivered", 0),
            "undelivered": receipts.get("undelivered", 0),
            "unknown": receipts.get("", 0),
        },
        "sms_days": days,
        "sms_budget": {
            "budget": budget,
            "spent_today": spent,
            "remaining_today": max(budget - spent, Decimal("0.00")) if budget else None,
            "exhausted": bool(budget) and spent >= budget,
        },
    }


def dev_sms_messages(*, phone: str) -> list[dict]:
    """The development outbox for one phone, newest first (DEBUG with the console provider)."""
    return dev_outbox.messages_to(phone)


def notifications_for_export(user) -> dict:
    """Everything this app holds about `user`, as plain JSON-ready data for a privacy export.
    One-time codes are never included (their text is erased once sent)."""
    preference = NotificationPreference.objects.filter(user=user).first()
    messages = Notification.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "preferences": {
            "muted_channels": preference.muted_channels if preference else [],
            "muted_types": preference.muted_types if preference else [],
            "quiet_hours_start": _iso(preference.quiet_hours_start) if preference else None,
            "quiet_hours_end": _iso(preference.quiet_hours_end) if preference else None,
        },
        "messages": [
            {
                "channel": message.channel,
                "type": message.type,
                "recipient": message.recipient,
                "title": message.title,
                "text": "" if message.is_sensitive else message.body,
                "status": message.status,
                "created_at": message.created_at.isoformat(),
                "sent_at": _iso(message.sent_at),
                "read_at": _iso(message.read_at),
            }
            for message in messages.iterator()
        ],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def template_get(*, template_id: int) -> NotificationTemplate:
    template = template_list().filter(pk=template_id).first()
    if template is None:
        raise TemplateNotFound()
    return template
