"""The outbox: write a message in the caller's transaction, send it after commit, at most once.

A worker claims a due PENDING row under a row lock (SKIP LOCKED) and moves it to SENDING with a
lease (`next_attempt_at` = now + NOTIFICATION_SEND_LEASE_SECONDS) before any network I/O; the
result is written back only if the row still belongs to that attempt (`attempts` is the fencing
token). A redelivered task (acks_late after a killed worker) finds the row SENDING and does
nothing. When a lease runs out the worker is presumed dead: the sweeper resends the message
with the same idempotency key if the provider deduplicates by it, and otherwise marks it failed
as "in doubt" rather than risk a second copy."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from ..models import (
    Broadcast,
    BroadcastStatus,
    Channel,
    Notification,
    NotificationPreference,
    NotificationStatus,
)
from ..policy import ESSENTIAL_TYPES, ONE_TIME_CODE_TYPES, Decision, delivery_decision
from ..providers.base import ProviderError, ProviderResult
from ..providers.email import get_email_provider
from ..providers.push import get_push_provider
from ..providers.sms import get_sms_provider, sms_segments
from ..rendering import render_message
from . import usage

logger = logging.getLogger(__name__)


def notification_enqueue(
    *,
    type: str,
    channel: str,
    context: dict,
    user=None,
    recipient: str = "",
    language: str | None = None,
) -> Notification:
    """Write a message to the outbox in the caller's transaction; it is sent after commit.

    For SMS the recipient defaults to the user's phone. The user's preferences are applied
    here: a muted message is recorded as SKIPPED, a promotion inside quiet hours waits until
    they end. Nothing leaves the process here."""
    if channel == Channel.IN_APP and user is None:
        raise ValueError("in-app notifications need a user")
    language = language or (user.language if user is not None else settings.LANGUAGE_CODE)
    if channel == Channel.SMS and not recipient and user is not None:
        recipient = user.phone_number or ""
    sensitive = type in ONE_TIME_CODE_TYPES
    message = render_message(type=type, language=language, context=context)
    now = timezone.now()
    decision = _decide(user=user, type=type, channel=channel, recipient=recipient, now=now)
    delivered_in_app = channel == Channel.IN_APP and decision.status == NotificationStatus.PENDING
    notification = Notification.objects.create(
        user=user,
        recipient=recipient,
        channel=channel,
        type=type,
        language=language,
        title=message.title,
        body=message.body,
        payload={} if sensitive else context,
        is_sensitive=sensitive,
        status=NotificationStatus.SENT if delivered_in_app else decision.status,
        sent_at=now if delivered_in_app else None,
        next_attempt_at=None if delivered_in_app else decision.next_attempt_at,
        last_error=decision.reason,
    )
    if notification.status == NotificationStatus.PENDING and notification.next_attempt_at <= now:
        transaction.on_commit(partial(dispatch, notification.pk))
    return notification


def _decide(*, user, type: str, channel: str, recipient: str, now) -> Decision:
    if channel == Channel.PUSH and get_push_provider() is None:
        return Decision(NotificationStatus.SKIPPED, None, "no push provider configured")
    if channel in (Channel.SMS, Channel.EMAIL) and not recipient:
        return Decision(NotificationStatus.SKIPPED, None, "no recipient address")
    if user is None or type in ESSENTIAL_TYPES:
        return Decision(NotificationStatus.PENDING, now)
    preference = NotificationPreference.objects.filter(user=user).first()
    return delivery_decision(preference=preference, type=type, channel=channel, now=now)


def dispatch(notification_id: int, countdown: float | None = None) -> None:
    """Hand a message to the workers. A broker that is down loses nothing: the row stays
    PENDING and the sweeper dispatches it again."""
    from ..tasks import notification_send_task

    try:
        notification_send_task.apply_async((notification_id,), countdown=countdown)
    except BrokerError:
        logger.warning("broker unavailable; notification %s left for the sweeper", notification_id)


def dispatch_broadcast(broadcast_id: int) -> None:
    """Hand a broadcast's fan-out to the workers; the sweeper retries if the broker is down."""
    from ..tasks import broadcast_fanout_task

    try:
        broadcast_fanout_task.delay(broadcast_id)
    except BrokerError:
        logger.warning("broker unavailable; broadcast %s left for the sweeper", broadcast_id)


def _claim(notification_id: int) -> Notification | None:
    """Move a due message to SENDING under a row lock; None when another worker has it, it is
    no longer due, or the daily SMS budget stops it. This is what makes sending at-most-once
    across racing workers."""
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=NotificationStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if notification is None:
            return None
        if (
            notification.channel == Channel.SMS
            and notification.type not in ONE_TIME_CODE_TYPES
            and usage.sms_budget_exhausted()
        ):
            notification.status = NotificationStatus.SKIPPED
            notification.last_error = "daily SMS budget exceeded"
            notification.save(update_fields=["status", "last_error", "updated_at"])
            usage.sms_blocked_record()
            return None
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.next_attempt_at = now + timedelta(
            seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS
        )
        notification.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        return notification


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one outbox message if it is due; retry later with exponential backoff on a
    temporary failure, mark it failed after the channel's maximum attempts. Safe to call twice
    and from racing workers: None when there was nothing to do."""
    notification = _claim(notification_id)
    if notification is None:
        return None
    try:
        result = _deliver(notification)
    except ProviderError as exc:
        return _record_failure(notification, exc)
    return _record_success(notification, result)


def _deliver(notification: Notification) -> ProviderResult:
    key = str(notification.idempotency_key)
    if notification.channel == Channel.SMS:
        return get_sms_provider().send(
            phone=notification.recipient, text=notification.body, idempotency_key=key
        )
    if notification.channel == Channel.EMAIL:
        return get_email_provider().send(
            address=notification.recipient,
            subject=notification.title,
            text=notification.body,
            idempotency_key=key,
        )
    provider = get_push_provider()
    if notification.channel != Channel.PUSH or provider is None:
        raise ProviderError(f"nothing delivers {notification.channel} messages", retryable=False)
    return provider.send(
        user_id=notification.user_id,
        title=notification.title,
        text=notification.body,
        data=notification.payload,
        idempotency_key=key,
    )


def _deduplicates(channel: str) -> bool:
    """Whether the channel's provider drops a repeated idempotency key."""
    if channel == Channel.SMS:
        return get_sms_provider().supports_idempotency_key
    if channel == Channel.PUSH:
        provider = get_push_provider()
        return provider is not None and provider.supports_idempotency_key
    return False


def _retry_policy(channel: str) -> tuple[int, int, int]:
    """(max attempts, first delay, longest delay) in seconds."""
    if channel == Channel.SMS:
        return (
            settings.SMS_MAX_ATTEMPTS,
            settings.SMS_RETRY_BASE_SECONDS,
            settings.SMS_RETRY_MAX_SECONDS,
        )
    return (
        settings.NOTIFICATION_MAX_ATTEMPTS,
        settings.NOTIFICATION_RETRY_BASE_SECONDS,
        settings.NOTIFICATION_RETRY_MAX_SECONDS,
    )


def _record_success(notification: Notification, result: ProviderResult) -> Notification:
    now = timezone.now()
    fields = {
        "status": NotificationStatus.SENT,
        "sent_at": now,
        "provider_message_id": result.provider_message_id[:100],
        "last_error": "",
    }
    if notification.channel == Channel.SMS:
        fields["segments"] = sms_segments(notification.body)
        fields["cost"] = fields["segments"] * settings.SMS_PRICE_PER_SEGMENT
    if notification.is_sensitive:
        fields["body"] = ""
    with transaction.atomic():
        # Any state but SENT still owned by this attempt: even if the sweeper gave the row up
        # meanwhile, the provider's answer is the truth.
        owned = (
            Notification.objects.filter(pk=notification.pk, attempts=notification.attempts)
            .exclude(status=NotificationStatus.SENT)
            .update(**fields, updated_at=now)
        )
        if owned and notification.channel == Channel.SMS:
            usage.sms_sent_record(segments=fields["segments"], cost=fields["cost"])
    if not owned:
        logger.warning(
            "notification %s: attempt %s finished after another took over; result dropped",
            notification.pk,
            notification.attempts,
        )
        return Notification.objects.get(pk=notification.pk)
    for name, value in fields.items():
        setattr(notification, name, value)
    return notification


def _record_failure(notification: Notification, exc: ProviderError) -> Notification:
    max_attempts, base_delay, max_delay = _retry_policy(notification.channel)
    now = timezone.now()
    delay = min(base_delay * 2 ** (notification.attempts - 1), max_delay)
    if exc.in_doubt and not _deduplicates(notification.channel):
        status, error = NotificationStatus.FAILED, f"delivery in doubt: {exc}"
    elif not exc.retryable or notification.attempts >= max_attempts:
        status, error = NotificationStatus.FAILED, str(exc)
    else:
        status, error = NotificationStatus.PENDING, str(exc)
    fields = {
        "status": status,
        "next_attempt_at": now + timedelta(seconds=delay),
        "last_error": error[:500],
    }
    if status == NotificationStatus.FAILED and notification.is_sensitive:
        fields["body"] = ""
    owned = Notification.objects.filter(
        pk=notification.pk, attempts=notification.attempts, status=NotificationStatus.SENDING
    ).update(**fields, updated_at=now)
    if not owned:
        return Notification.objects.get(pk=notification.pk)
    for name, value in fields.items():
        setattr(notification, name, value)
    if status == NotificationStatus.PENDING:
        dispatch(notification.pk, countdown=delay)
    return notification


def _recover_abandoned() -> None:
    """SENDING rows whose lease ran out were left by a dead worker: resend through a provider
    that deduplicates by idempotency key, otherwise fail them as in doubt."""
    now = timezone.now()
    with transaction.atomic():
        abandoned = list(
            Notification.objects.select_for_update(skip_locked=True).filter(
                status=NotificationStatus.SENDING, next_attempt_at__lte=now
            )[: settings.NOTIFICATION_SWEEP_BATCH]
        )
        for notification in abandoned:
            max_attempts, _base, _cap = _retry_policy(notification.channel)
            if _deduplicates(notification.channel) and notification.attempts < max_attempts:
                notification.status = NotificationStatus.PENDING
                notification.next_attempt_at = now
                notification.last_error = "worker lost during send; resent with the same key"
            else:
                notification.status = NotificationStatus.FAILED
                notification.last_error = "delivery in doubt: worker lost during send"
                if notification.is_sensitive:
                    notification.body = ""
            notification.save(
                update_fields=["status", "next_attempt_at", "last_error", "body", "updated_at"]
            )
    if abandoned:
        logger.warning("recovered %d notifications left by dead workers", len(abandoned))


def notification_sweep() -> int:
    """Recover messages left by dead workers, hand every due PENDING message to the workers
    (the broker was down, a retry or a quiet-hours deferral is due) and resume unfinished
    broadcasts. Returns how many messages were dispatched."""
    _recover_abandoned()
    due = list(
        Notification.objects.filter(
            status=NotificationStatus.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[: settings.NOTIFICATION_SWEEP_BATCH]
    )
    for notification_id in due:
        dispatch(notification_id)
    unfinished = Broadcast.objects.filter(
        status__in=[BroadcastStatus.QUEUED, BroadcastStatus.RUNNING]
    ).values_list("pk", flat=True)
    for broadcast_id in unfinished:
        dispatch_broadcast(broadcast_id)
    return len(due)


def notification_retry(*, notification: Notification) -> bool:
    """Give a failed message one more attempt now (staff action). One-time codes cannot be
    resent: their text is gone, and the user asks for a new code instead."""
    with transaction.atomic():
        retried = Notification.objects.filter(
            pk=notification.pk, status=NotificationStatus.FAILED, is_sensitive=False
        ).update(
            status=NotificationStatus.PENDING,
            next_attempt_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if retried:
            transaction.on_commit(partial(dispatch, notification.pk))
    return bool(retried)


def notification_cancel(*, notification: Notification) -> bool:
    """Stop a message that has not been sent yet (staff action)."""
    return bool(
        Notification.objects.filter(pk=notification.pk, status=NotificationStatus.PENDING).update(
            status=NotificationStatus.SKIPPED,
            last_error="cancelled by staff",
            updated_at=timezone.now(),
        )
    )


def notification_purge() -> int:
    """Delete finished messages older than NOTIFICATION_RETENTION_DAYS, in small batches so no
    long lock is held. Idempotent."""
    cutoff = timezone.now() - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    finished = [NotificationStatus.SENT, NotificationStatus.FAILED, NotificationStatus.SKIPPED]
    deleted = 0
    while True:
        batch = list(
            Notification.objects.filter(created_at__lt=cutoff, status__in=finished).values_list(
                "pk", flat=True
            )[:1000]
        )
        if not batch:
            return deleted
        deleted += Notification.objects.filter(pk__in=batch).delete()[0]
