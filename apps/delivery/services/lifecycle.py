"""A delivery's life: created when its order is ready, moved along the table in `state.py`,
failed, returned and sent again, and kept in step with its order. Every change locks the
delivery row first, records a history row, and moves the order through `order_transition`
where the order's status depends on it (lock order: delivery, then order)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.orders.models import DeliveryType, Order, OrderStatus
from apps.orders.services import order_transition

from ..errors import FailureReasonInvalid, InvalidDeliveryTransition, ReasonRequired
from ..locks import lock_delivery
from ..models import (
    REPORTED_FAILURE_REASONS,
    Delivery,
    DeliveryStatus,
    DeliveryStatusHistory,
    FailureReason,
    PickupPoint,
    ProofMethod,
)
from ..selectors import zone_for_point
from ..state import actor_role, delivery_transition_check
from .assignment import delivery_auto_assign_locked
from .records import TIMESTAMPS, delivery_status_record, handover_code_issue

logger = logging.getLogger(__name__)

S = DeliveryStatus
REPORTABLE = frozenset(value for value, _label in REPORTED_FAILURE_REASONS)


def _default_pickup_point(zone) -> PickupPoint | None:
    if zone is not None and zone.pickup_point is not None and zone.pickup_point.is_active:
        return zone.pickup_point
    return PickupPoint.objects.filter(is_active=True).order_by("pk").first()


def _new_delivery(order: Order) -> Delivery:
    zone = None
    if order.address_latitude is not None:
        zone = zone_for_point(
            latitude=order.address_latitude,
            longitude=order.address_longitude,
            items_total=order.items_total,
        )
    now = timezone.now()
    delivery = Delivery.objects.create(
        order=order,
        status=S.READY,
        zone=zone,
        pickup_point=_default_pickup_point(zone),
        address_text=order.address_text,
        latitude=order.address_latitude,
        longitude=order.address_longitude,
        eta_earliest=now + timedelta(minutes=zone.eta_min_minutes) if zone else None,
        eta_latest=now + timedelta(minutes=zone.eta_max_minutes) if zone else None,
    )
    DeliveryStatusHistory.objects.create(
        delivery=delivery,
        attempt=1,
        from_status="",
        to_status=S.READY,
        actor_role=actor_role(None),
        reason="Order ready for delivery",
    )
    return delivery


def delivery_create_for_order(*, order_id: int) -> Delivery | None:
    """The delivery of a courier order that is ready for delivery, created on first call with
    the order's address, the zone serving it (its promised window counted from now) and the
    pickup point. None for pickup orders and orders not ready. Safe to call twice."""
    order = Order.objects.filter(pk=order_id).first()
    if (
        order is None
        or order.delivery_type != DeliveryType.COURIER
        or order.status != OrderStatus.READY_FOR_DELIVERY
    ):
        return None
    existing = Delivery.objects.filter(order=order).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _new_delivery(order)
    except IntegrityError:
        # A concurrent call created it first (one delivery per order).
        return Delivery.objects.get(order=order)


def deliveries_create_missing(*, limit: int = 200) -> int:
    """Create the deliveries of courier orders ready for delivery that have none (their event
    was lost). Returns how many were created."""
    missing = list(
        Order.objects.filter(
            status=OrderStatus.READY_FOR_DELIVERY,
            delivery_type=DeliveryType.COURIER,
            delivery__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for order_id in missing:
        delivery_create_for_order(order_id=order_id)
    return len(missing)


def delivery_auto_assign_new(*, delivery: Delivery) -> Delivery | None:
    """Offer a new READY delivery to the couriers on shift when DELIVERY_AUTO_ASSIGN is on.
    None when it stays READY (nobody free: the periodic sweep tries again)."""
    if not settings.DELIVERY_AUTO_ASSIGN:
        return None
    with transaction.atomic():
        delivery = lock_delivery(delivery_id=delivery.pk)
        if delivery.status != S.READY:
            return None
        return delivery_auto_assign_locked(delivery=delivery, actor=None)


@transaction.atomic
def delivery_status_update(*, delivery: Delivery, actor, to: str) -> Delivery:
    """The courier's progress: picked up at the pharmacy, then on the way. On the way moves
    the order on the way too and texts the customer the handover code."""
    if to not in (S.PICKED_UP, S.ON_THE_WAY):
        raise InvalidDeliveryTransition(details={"from": delivery.status, "to": to})
    delivery = lock_delivery(delivery_id=delivery.pk)
    delivery_transition_check(delivery=delivery, to=to, actor=actor)
    if to == S.ON_THE_WAY:
        handover_code_issue(delivery=delivery)
    delivery_status_record(delivery=delivery, to=to, actor=actor)
    if to == S.ON_THE_WAY:
        order_transition(order=delivery.order, to=OrderStatus.ON_THE_WAY, actor=actor)
    return delivery


def delivery_deliver(*, delivery: Delivery, actor, method: str, note: str = "") -> Delivery:
    """Record the handover on a locked delivery already checked for DELIVERED, and complete
    the order (its stock is sold)."""
    delivery.proof_method = method
    delivery.proof_note = note[:500]
    delivery_status_record(delivery=delivery, to=S.DELIVERED, actor=actor, reason=method)
    order_transition(order=delivery.order, to=OrderStatus.DELIVERED, actor=actor)
    return delivery


def _failure_record(*, delivery: Delivery, actor, reason: str, note: str) -> None:
    delivery.failure_reason = reason
    delivery.failure_note = note[:500]
    text = f"{reason}: {note}" if note else reason
    delivery_status_record(delivery=delivery, to=S.FAILED, actor=actor, reason=text)


@transaction.atomic
def delivery_fail(*, delivery: Delivery, actor, reason: str, note: str = "") -> Delivery:
    """The parcel could not be handed over (the courier or staff say why; `other` needs a
    note). The courier takes it back to the pharmacy; an order that was on the way becomes
    ready for delivery again, so staff can send it again or cancel it (returning the stock)."""
    if reason not in REPORTABLE:
        raise FailureReasonInvalid(details={"reason": reason})
    note = (note or "").strip()
    if reason == FailureReason.OTHER and not note:
        raise ReasonRequired(details={"note": [_("Say what happened.")]})
    delivery = lock_delivery(delivery_id=delivery.pk)
    delivery_transition_check(delivery=delivery, to=S.FAILED, actor=actor)
    was_on_the_way = delivery.status == S.ON_THE_WAY
    _failure_record(delivery=delivery, actor=actor, reason=reason, note=note)
    if was_on_the_way:
        order_transition(
            order=delivery.order,
            to=OrderStatus.READY_FOR_DELIVERY,
            actor=actor,
            reason=f"Delivery failed: {reason}",
        )
    return delivery


@transaction.atomic
def delivery_return(*, delivery: Delivery, actor, note: str = "") -> Delivery:
    """Staff received a failed delivery's parcel back at the pharmacy."""
    delivery = lock_delivery(delivery_id=delivery.pk)
    delivery_transition_check(delivery=delivery, to=S.RETURNED, actor=actor)
    return delivery_status_record(
        delivery=delivery, to=S.RETURNED, actor=actor, reason=(note or "").strip()
    )


@transaction.atomic
def delivery_retry(*, delivery: Delivery, actor) -> Delivery:
    """Send a returned parcel again: a new attempt without a courier, offered to the couriers
    on shift. Refused when the order is no longer ready for delivery (cancelled)."""
    delivery = lock_delivery(delivery_id=delivery.pk)
    delivery_transition_check(delivery=delivery, to=S.READY, actor=actor)
    order_status = Order.objects.filter(pk=delivery.order_id).values_list("status", flat=True)[0]
    if order_status != OrderStatus.READY_FOR_DELIVERY:
        raise InvalidDeliveryTransition(
            details={"from": delivery.status, "to": S.READY, "order_status": order_status}
        )
    delivery.courier = None
    delivery.attempt += 1
    for field in (*TIMESTAMPS.values(), "last_location_at", "handover_code_sent_at"):
        setattr(delivery, field, None)
    delivery.failure_reason = delivery.failure_note = delivery.handover_code_hash = ""
    delivery.last_latitude = delivery.last_longitude = None
    delivery.handover_failed_attempts = 0
    delivery_status_record(delivery=delivery, to=S.READY, actor=actor, reason="Sent again")
    if settings.DELIVERY_AUTO_ASSIGN:
        delivery_auto_assign_locked(delivery=delivery, actor=None)
    return delivery


def _follow(*, delivery: Delivery, to: str, reason: str) -> None:
    delivery_transition_check(delivery=delivery, to=to, actor=None)
    if to == S.FAILED:
        _failure_record(delivery=delivery, actor=None, reason=reason, note="")
        return
    if to == S.ON_THE_WAY:
        handover_code_issue(delivery=delivery)
    if to == S.DELIVERED:
        delivery.proof_method = ProofMethod.STAFF
    delivery_status_record(delivery=delivery, to=to, actor=None, reason=reason)


# (order status, delivery status) → what the delivery does to follow the order.
FOLLOW = {
    (OrderStatus.CANCELLED, S.READY): (S.RETURNED, "Order cancelled"),
    (OrderStatus.CANCELLED, S.ASSIGNED): (S.RETURNED, "Order cancelled"),
    (OrderStatus.CANCELLED, S.PICKED_UP): (S.FAILED, FailureReason.ORDER_CANCELLED),
    (OrderStatus.CANCELLED, S.ON_THE_WAY): (S.FAILED, FailureReason.ORDER_CANCELLED),
    (OrderStatus.REFUNDED, S.READY): (S.RETURNED, "Order refunded"),
    (OrderStatus.REFUNDED, S.ASSIGNED): (S.RETURNED, "Order refunded"),
    (OrderStatus.REFUNDED, S.PICKED_UP): (S.FAILED, FailureReason.ORDER_CANCELLED),
    (OrderStatus.REFUNDED, S.ON_THE_WAY): (S.FAILED, FailureReason.ORDER_CANCELLED),
    (OrderStatus.READY_FOR_DELIVERY, S.ON_THE_WAY): (S.FAILED, FailureReason.RECALLED_BY_STAFF),
    (OrderStatus.ON_THE_WAY, S.ASSIGNED): (S.ON_THE_WAY, "Order sent by staff"),
    (OrderStatus.ON_THE_WAY, S.PICKED_UP): (S.ON_THE_WAY, "Order sent by staff"),
    (OrderStatus.DELIVERED, S.ON_THE_WAY): (S.DELIVERED, "Order handed over per staff"),
}


@transaction.atomic
def delivery_follow_order(*, order_id: int) -> Delivery | None:
    """Bring a delivery in step with its order after the order changed (its event). Changes
    made through this app are in step already, so this acts only when staff moved the order
    themselves: cancelled (parcel still at the pharmacy → returned; with the courier →
    failed, to be brought back), sent, handed over, or pulled back to ready while on the way.
    Safe to call any number of times."""
    delivery = Delivery.objects.filter(order_id=order_id).first()
    if delivery is None:
        return None
    delivery = lock_delivery(delivery_id=delivery.pk)
    order_status = Order.objects.filter(pk=order_id).values_list("status", flat=True)[0]
    step = FOLLOW.get((order_status, delivery.status))
    if step is not None:
        _follow(delivery=delivery, to=step[0], reason=step[1])
    elif order_status == OrderStatus.ON_THE_WAY and delivery.status == S.READY:
        logger.warning("order %s went on the way without a courier assigned", order_id)
    return delivery
