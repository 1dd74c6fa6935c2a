import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Channel, Notification, NotificationStatus
from .providers.sms import SmsError, get_sms_provider
from .rendering import render_text

logger = logging.getLogger(__name__)

SENSITIVE_TYPES = frozenset({"otp", "delivery_handover_code"})


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

    For SMS the recipient defaults to the user's phone. Nothing leaves the process here."""
    language = language or (user.language if user is not None else settings.LANGUAGE_CODE)
    if channel == Channel.SMS and not recipient and user is not None:
        recipient = user.phone_number or ""
    sensitive = type in SENSITIVE_TYPES
    notification = Notification.objects.create(
        user=user,
        recipient=recipient,
        channel=channel,
        type=type,
        language=language,
        body=render_text(type=type, language=language, context=context),
        payload={} if sensitive else context,
        is_sensitive=sensitive,
        status=NotificationStatus.SENT if channel == Channel.IN_APP else NotificationStatus.PENDING,
        sent_at=timezone.now() if channel == Channel.IN_APP else None,
        next_attempt_at=timezone.now(),
    )
    if notification.status == NotificationStatus.PENDING:
        transaction.on_commit(lambda: _dispatch(notification.pk))
    return notification


def _dispatch(notification_id: int) -> None:
    from .tasks import notification_send_task

    try:
        notification_send_task.delay(notification_id)
    except Exception:
        logger.warning("broker unavailable; notification %s left for the sweeper", notification_id)


def _claim(notification_id: int) -> Notification | None:
    """Move a due message to SENDING under a row lock; None when another worker has it or it
    is no longer due. This is what makes sending at-most-once across racing workers."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                pk=notification_id,
                status=NotificationStatus.PENDING,
                next_attempt_at__lte=timezone.now(),
            )
            .first()
        )
        if notification is None:
            return None
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.save(update_fields=["status", "attempts", "updated_at"])
        return notification


def notification_send(*, notification_id: int) -> Notification | None:
    """Send one outbox message if it is due; retry later with exponential backoff on a
    temporary failure, mark it failed after SMS_MAX_ATTEMPTS. Safe to call twice."""
    notification = _claim(notification_id)
    if notification is None:
        return None
    try:
        result = get_sms_provider().send(phone=notification.recipient, text=notification.body)
    except SmsError as exc:
        exhausted = not exc.retryable or notification.attempts >= settings.SMS_MAX_ATTEMPTS
        notification.status = NotificationStatus.FAILED if exhausted else NotificationStatus.PENDING
        delay = settings.SMS_RETRY_BASE_SECONDS * 2 ** (notification.attempts - 1)
        notification.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        notification.last_error = str(exc)[:500]
        if exhausted and notification.is_sensitive:
            notification.body = ""
        notification.save(
            update_fields=["status", "next_attempt_at", "last_error", "body", "updated_at"]
        )
        return notification
    notification.status = NotificationStatus.SENT
    notification.sent_at = timezone.now()
    notification.provider_message_id = result.provider_message_id
    if notification.is_sensitive:
        notification.body = ""
    notification.save(
        update_fields=["status", "sent_at", "provider_message_id", "body", "updated_at"]
    )
    return notification


def notification_sweep() -> int:
    """Hand every due PENDING message to the workers (broker was down, or a retry is due)."""
    due = list(
        Notification.objects.filter(
            status=NotificationStatus.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)[:500]
    )
    for notification_id in due:
        _dispatch(notification_id)
    return len(due)
