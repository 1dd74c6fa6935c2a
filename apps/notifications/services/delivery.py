"""Delivery receipts the SMS gateway posts back after a message was sent."""

from django.db import transaction
from django.utils import timezone

from ..errors import DeliveryReportNotFound
from ..models import Channel, DeliveryStatus, Notification

# Gateways report in their own words (Eskiz and SMPP style); anything not listed (accepted,
# enroute, waiting) is an intermediate state and changes nothing.
_REPORTED = {
    "delivrd": DeliveryStatus.DELIVERED,
    "delivered": DeliveryStatus.DELIVERED,
    "undeliv": DeliveryStatus.UNDELIVERED,
    "undelivered": DeliveryStatus.UNDELIVERED,
    "undeliverable": DeliveryStatus.UNDELIVERED,
    "expired": DeliveryStatus.UNDELIVERED,
    "rejectd": DeliveryStatus.UNDELIVERED,
    "rejected": DeliveryStatus.UNDELIVERED,
    "failed": DeliveryStatus.UNDELIVERED,
}


@transaction.atomic
def notification_delivery_report(*, provider_message_ids: list[str], status: str) -> Notification:
    """Record what the gateway says happened to a message. Idempotent; a message reported
    delivered stays delivered whatever arrives later (receipts can come out of order)."""
    ids = [value for value in provider_message_ids if value]
    notification = (
        Notification.objects.select_for_update()
        .filter(channel=Channel.SMS, provider_message_id__in=ids)
        .first()
        if ids
        else None
    )
    if notification is None:
        raise DeliveryReportNotFound()
    reported = _REPORTED.get(status.strip().lower())
    if reported is None or notification.delivery_status == DeliveryStatus.DELIVERED:
        return notification
    notification.delivery_status = reported
    notification.delivery_status_at = timezone.now()
    notification.save(update_fields=["delivery_status", "delivery_status_at", "updated_at"])
    return notification
