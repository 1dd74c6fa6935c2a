"""One message to a segment of users (all couriers, all customers...), written to the outbox in
batches through the same rules as any other message (preferences, quiet hours, SMS budget)."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.roles import Role
from apps.users.models import User

from ..errors import BroadcastInvalid
from ..models import (
    Broadcast,
    BroadcastSegment,
    BroadcastStatus,
    Channel,
    Notification,
    NotificationPreference,
    NotificationStatus,
)
from ..policy import BROADCAST_CHANNELS, BROADCAST_TYPES, delivery_decision
from ..rendering import TemplateFormatError, render_message
from .outbox import dispatch, dispatch_broadcast

_SEGMENT_ROLES = {
    BroadcastSegment.CUSTOMERS: [Role.CUSTOMER],
    BroadcastSegment.COURIERS: [Role.COURIER],
    BroadcastSegment.OPERATORS: [Role.OPERATOR],
    BroadcastSegment.STAFF: [Role.OPERATOR, Role.ADMIN],
    BroadcastSegment.EVERYONE: list(Role.values),
}


def segment_queryset(segment: str):
    return User.objects.filter(
        role__in=_SEGMENT_ROLES[segment], is_active=True, deleted_at__isnull=True
    )


def broadcast_create(
    *, actor, segment: str, type: str, channels: list[str], messages: dict[str, dict]
) -> Broadcast:
    """Queue a broadcast; the outbox rows are written after commit by `broadcast_fanout`.
    `messages` maps language to {"title", "message"}; the default language is required and
    stands in for any language left out."""
    problems = {}
    if type not in BROADCAST_TYPES:
        problems["type"] = sorted(BROADCAST_TYPES)
    if not channels or set(channels) - BROADCAST_CHANNELS:
        problems["channels"] = sorted(BROADCAST_CHANNELS)
    if settings.LANGUAGE_CODE not in messages:
        problems["messages"] = [settings.LANGUAGE_CODE]
    if problems:
        raise BroadcastInvalid(details={"allowed": problems})
    for language, content in messages.items():
        try:
            render_message(type=type, language=language, context=content)
        except (KeyError, TemplateFormatError) as exc:
            raise BroadcastInvalid(details={"messages": [language]}) from exc
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            segment=segment,
            type=type,
            channels=sorted(set(channels)),
            messages=messages,
            created_by=actor,
        )
        transaction.on_commit(partial(dispatch_broadcast, broadcast.pk))
    return broadcast


def broadcast_fanout(*, broadcast_id: int) -> Broadcast | None:
    """Write the broadcast's outbox rows batch by batch (NOTIFICATION_BROADCAST_BATCH users per
    transaction, the cursor moved in the same transaction) and hand the SMS to the workers.
    Idempotent and resumable; a concurrent run of the same broadcast finds it locked and
    returns None."""
    rendered: dict[str, object] = {}
    while True:
        with transaction.atomic():
            broadcast = (
                Broadcast.objects.select_for_update(skip_locked=True)
                .filter(
                    pk=broadcast_id, status__in=[BroadcastStatus.QUEUED, BroadcastStatus.RUNNING]
                )
                .first()
            )
            if broadcast is None:
                return None
            if not rendered:
                rendered = _render_all(broadcast)
            users = list(
                segment_queryset(broadcast.segment)
                .filter(pk__gt=broadcast.cursor)
                .order_by("pk")
                .select_related("notification_preference")[: settings.NOTIFICATION_BROADCAST_BATCH]
            )
            if not users:
                broadcast.status = BroadcastStatus.DONE
                broadcast.finished_at = timezone.now()
                broadcast.save(update_fields=["status", "finished_at", "updated_at"])
                return broadcast
            rows = Notification.objects.bulk_create(_rows(broadcast, users, rendered))
            broadcast.status = BroadcastStatus.RUNNING
            broadcast.cursor = users[-1].pk
            broadcast.recipients += len(users)
            broadcast.save(update_fields=["status", "cursor", "recipients", "updated_at"])
            now = timezone.now()
            for row in rows:
                if row.status == NotificationStatus.PENDING and row.next_attempt_at <= now:
                    transaction.on_commit(partial(dispatch, row.pk))


def _render_all(broadcast: Broadcast) -> dict:
    fallback = broadcast.messages[settings.LANGUAGE_CODE]
    return {
        code: render_message(
            type=broadcast.type,
            language=code,
            context=broadcast.messages.get(code, fallback),
        )
        for code, _name in settings.LANGUAGES
    }


def _preference(user) -> NotificationPreference | None:
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return None


def _rows(broadcast: Broadcast, users: list, rendered: dict) -> list[Notification]:
    now = timezone.now()
    rows = []
    for user in users:
        message = rendered.get(user.language, rendered[settings.LANGUAGE_CODE])
        preference = _preference(user)
        for channel in broadcast.channels:
            recipient = (user.phone_number or "") if channel == Channel.SMS else ""
            decision = delivery_decision(
                preference=preference, type=broadcast.type, channel=channel, now=now
            )
            status, next_attempt_at, reason = (
                decision.status,
                decision.next_attempt_at,
                decision.reason,
            )
            if channel == Channel.SMS and not recipient:
                status, next_attempt_at, reason = NotificationStatus.SKIPPED, None, "no recipient"
            in_app = channel == Channel.IN_APP and status == NotificationStatus.PENDING
            rows.append(
                Notification(
                    user=user,
                    recipient=recipient,
                    channel=channel,
                    type=broadcast.type,
                    language=user.language,
                    title=message.title,
                    body=message.body,
                    payload={"broadcast": broadcast.pk},
                    status=NotificationStatus.SENT if in_app else status,
                    sent_at=now if in_app else None,
                    next_attempt_at=None if in_app else next_attempt_at,
                    last_error=reason,
                    broadcast=broadcast,
                )
            )
    return rows
