"""Writes on a delivery row the caller has already locked and checked against the state table:
the status change with its history, and the handover code."""

import hmac
import secrets

from django.utils import timezone
from django.utils.crypto import salted_hmac

from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue

from ..models import Delivery, DeliveryStatus, DeliveryStatusHistory
from ..state import actor_role

TIMESTAMPS = {
    DeliveryStatus.ASSIGNED: "assigned_at",
    DeliveryStatus.PICKED_UP: "picked_up_at",
    DeliveryStatus.ON_THE_WAY: "on_the_way_at",
    DeliveryStatus.DELIVERED: "delivered_at",
    DeliveryStatus.FAILED: "failed_at",
    DeliveryStatus.RETURNED: "returned_at",
}
HANDOVER_CODE_SALT = "apps.delivery.handover_code"


def delivery_status_record(*, delivery: Delivery, to: str, actor, reason: str = "") -> Delivery:
    """Set the new status and its timestamp, save, and add a history row naming the courier
    who holds the delivery."""
    from_status = delivery.status
    if to in TIMESTAMPS:
        setattr(delivery, TIMESTAMPS[to], timezone.now())
    delivery.status = to
    delivery.save()
    DeliveryStatusHistory.objects.create(
        delivery=delivery,
        attempt=delivery.attempt,
        from_status=from_status,
        to_status=to,
        courier_id=delivery.courier_id,
        actor=actor,
        actor_role=actor_role(actor),
        reason=reason[:500],
    )
    return delivery


def _code_digest(*, delivery: Delivery, code: str) -> str:
    # Keyed with SECRET_KEY and bound to this delivery and attempt: four digits are guessed in
    # 10 000 tries offline from a plain hash, and a code must not work on another attempt.
    value = f"{delivery.pk}:{delivery.attempt}:{code}"
    return salted_hmac(HANDOVER_CODE_SALT, value, algorithm="sha256").hexdigest()


def handover_code_issue(*, delivery: Delivery) -> None:
    """Give the delivery a fresh 4-digit code (only its keyed hash is kept, the wrong-try count
    starts again) and text it to the customer through the outbox, after commit. The outbox
    erases the text once sent. A customer without a phone (deleted account) gets no code: the
    courier confirms with a photo."""
    order = delivery.order
    code = f"{secrets.randbelow(10_000):04d}"
    delivery.handover_code_hash = _code_digest(delivery=delivery, code=code)
    delivery.handover_code_sent_at = timezone.now()
    delivery.handover_failed_attempts = 0
    delivery.save(
        update_fields=[
            "handover_code_hash",
            "handover_code_sent_at",
            "handover_failed_attempts",
            "updated_at",
        ]
    )
    if order.customer.phone_number:
        notification_enqueue(
            type=NotificationType.DELIVERY_HANDOVER_CODE,
            channel=Channel.SMS,
            context={"code": code, "order_number": order.number},
            user=order.customer,
        )


def handover_code_matches(*, delivery: Delivery, code: str) -> bool:
    if not delivery.handover_code_hash:
        return False
    expected = _code_digest(delivery=delivery, code=code)
    return hmac.compare_digest(expected, delivery.handover_code_hash)
