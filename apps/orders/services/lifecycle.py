"""Order status changes: the one transition service, cancellation, reservation expiry and the
prescription gate. Stock and prescription packs are returned exactly once: the order row is
locked for every change and `stock_state`/`prescription_claimed` record what was done."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from apps.core.roles import STAFF_ROLES
from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue
from apps.prescriptions.models import Prescription, PrescriptionStatus
from apps.prescriptions.services import (
    prescription_coverage_claim,
    prescription_coverage_release,
)
from apps.products.services import stock_release, stock_sell

from .. import events
from ..errors import (
    InvalidPrescription,
    OrderNotAwaitingPrescription,
    OrderNotFound,
    ReasonRequired,
)
from ..locks import lock_order, lock_order_if_expired
from ..models import (
    ONLINE_PAYMENT_METHODS,
    Order,
    OrderItemAllocation,
    OrderStatus,
    OrderStatusHistory,
    StockState,
)
from ..state import WAITING_STATUSES, actor_role, transition_check

logger = logging.getLogger(__name__)

# What the customer is told (SMS and in-app) when an order reaches a status.
STATUS_NOTIFICATIONS = {
    OrderStatus.PAID: NotificationType.ORDER_PAID,
    OrderStatus.READY_FOR_DELIVERY: NotificationType.ORDER_READY,
    OrderStatus.ON_THE_WAY: NotificationType.ORDER_ON_THE_WAY,
    OrderStatus.DELIVERED: NotificationType.ORDER_DELIVERED,
    OrderStatus.CANCELLED: NotificationType.ORDER_CANCELLED,
}


WAITING_FOR_VALID_PRESCRIPTION = _("order %(number)s is waiting for a valid prescription.")


def order_notify(*, order: Order, type: str, context: dict | None = None) -> None:
    """Tell the customer by SMS and in the app (outbox rows in the caller's transaction)."""
    context = {"order_number": order.number, **(context or {})}
    # An anonymised (deleted) customer has no phone number left to text.
    channels = (Channel.SMS, Channel.IN_APP) if order.customer.phone_number else (Channel.IN_APP,)
    for channel in channels:
        notification_enqueue(type=type, channel=channel, context=context, user=order.customer)


def _hold_until(status: str, now: datetime) -> datetime | None:
    if status == OrderStatus.AWAITING_PAYMENT:
        return now + timedelta(minutes=settings.ORDER_RESERVATION_MINUTES)
    if status == OrderStatus.AWAITING_PRESCRIPTION:
        return now + timedelta(minutes=settings.ORDER_PRESCRIPTION_WAIT_MINUTES)
    return None


def _allocations(order: Order) -> list[tuple[int, int]]:
    return list(
        OrderItemAllocation.objects.filter(item__order=order)
        .order_by("batch_id")
        .values_list("batch_id", "quantity")
    )


def _return_holds(*, order: Order, actor, reason: str) -> None:
    """Give back what the order holds: reserved stock (to the same batches) and claimed
    prescription packs. Each at most once."""
    if order.stock_state == StockState.RESERVED:
        stock_release(
            allocations=_allocations(order), reference=order.number, actor=actor, reason=reason
        )
        order.stock_state = StockState.RELEASED
    if order.prescription_claimed:
        prescription_coverage_release(reference=order.number)
        order.prescription_claimed = False


def _publish_status_change(**event) -> None:
    for receiver, result in events.order_status_changed.send_robust(sender=Order, **event):
        if isinstance(result, Exception):
            logger.error(
                "order_status_changed receiver %s failed for order %s",
                getattr(receiver, "__qualname__", receiver),
                event["order_number"],
                exc_info=result,
            )


def order_history_record(*, order: Order, from_status: str, actor, reason: str = "") -> None:
    """Record that `order` reached its current status, and announce it to other apps after
    commit. A failing receiver is logged, never turned into an error of the committed change."""
    OrderStatusHistory.objects.create(
        order=order,
        from_status=from_status,
        to_status=order.status,
        actor=actor,
        actor_role=actor_role(actor),
        reason=reason[:500],
    )
    transaction.on_commit(
        partial(
            _publish_status_change,
            order_id=order.pk,
            order_number=order.number,
            from_status=from_status,
            to_status=order.status,
            actor_id=actor.pk if actor is not None else None,
        )
    )


def order_status_record(*, order: Order, to: str, actor, reason: str = "") -> Order:
    """Write a transition already checked against the table to a locked order: side effects on
    stock and prescriptions, timestamps, history, the customer's notification, and the event
    after commit. Callers must hold the order's row lock (see `order_transition`)."""
    from_status, now = order.status, timezone.now()
    if to in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        _return_holds(order=order, actor=actor, reason=reason or str(to))
    if to == OrderStatus.CANCELLED:
        order.cancelled_at = now
    if to == OrderStatus.DELIVERED:
        stock_sell(allocations=_allocations(order), reference=order.number, actor=actor)
        order.stock_state = StockState.SOLD
        order.delivered_at = now
    order.status = to
    order.reservation_expires_at = _hold_until(to, now)
    order.save()
    order_history_record(order=order, from_status=from_status, actor=actor, reason=reason)
    if to in STATUS_NOTIFICATIONS:
        order_notify(order=order, type=STATUS_NOTIFICATIONS[to])
    return order


@transaction.atomic
def order_transition(*, order: Order, to: str, actor, reason: str = "") -> Order:
    """Move an order to `to` if the state table lets `actor` (None = the system) do it now.

    Locks the order row, so concurrent changes of one order run one after the other and each
    sees the status the previous one left."""
    order = lock_order(order_id=order.pk)
    transition_check(order=order, to=to, actor=actor)
    reason = (reason or "").strip()
    staff_cancel = to == OrderStatus.CANCELLED and actor is not None and actor.role in STAFF_ROLES
    if staff_cancel and not reason:
        raise ReasonRequired(details={"reason": [_("This field is required.")]})
    return order_status_record(order=order, to=to, actor=actor, reason=reason)


def order_cancel(*, order: Order, actor, reason: str = "") -> Order:
    """Cancel an order (customers: before preparation; staff: before handover, with a reason).
    Its stock and prescription packs are returned; payments refunds a paid one on the event."""
    return order_transition(order=order, to=OrderStatus.CANCELLED, actor=actor, reason=reason)


def order_reservations_expire(*, now: datetime | None = None, limit: int = 500) -> int:
    """Cancel orders still waiting for payment or a prescription after their reservation
    expired, returning their stock. Safe to run concurrently: each order is handled by exactly
    one run. Returns how many orders this run cancelled."""
    now = now or timezone.now()
    due = list(
        Order.objects.filter(status__in=WAITING_STATUSES, reservation_expires_at__lte=now)
        .order_by("reservation_expires_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    expired = 0
    for order_id in due:
        with transaction.atomic():
            order = lock_order_if_expired(order_id=order_id, statuses=WAITING_STATUSES, now=now)
            if order is None:
                continue
            transition_check(order=order, to=OrderStatus.CANCELLED, actor=None)
            order_status_record(
                order=order,
                to=OrderStatus.CANCELLED,
                actor=None,
                reason="Reservation expired",
            )
            expired += 1
    return expired


# --- prescription gate ------------------------------------------------------------------------


def order_prescriptions_validate(*, customer, prescription_ids: Iterable[int]) -> list[int]:
    """The ids, if every one is the customer's own prescription that can still be approved or
    is approved and unexpired; otherwise `InvalidPrescription` (400) naming the others."""
    ids = sorted(set(prescription_ids))
    if not ids:
        return []
    usable = set(
        Prescription.objects.filter(
            pk__in=ids,
            owner=customer,
            status__in=[PrescriptionStatus.PENDING, PrescriptionStatus.APPROVED],
        )
        .exclude(valid_until__lt=timezone.localdate())
        .values_list("pk", flat=True)
    )
    refused = [pk for pk in ids if pk not in usable]
    if refused:
        raise InvalidPrescription(details={"prescription_ids": refused})
    return ids


def order_prescription_claim(*, order: Order) -> bool:
    """Claim packs for every prescription line of a locked order from the prescriptions
    attached to it. All or nothing; True when the order is covered (or needs no coverage)."""
    if order.prescription_claimed:
        return True
    lines = [
        (product_id, quantity)
        for product_id, quantity in order.items.filter(requires_prescription=True)
        .order_by("product_id")
        .values_list("product_id", "quantity")
    ]
    if not lines:
        return True
    prescription_ids = list(order.prescriptions.values_list("pk", flat=True))
    if not prescription_ids:
        return False
    coverage = prescription_coverage_claim(
        owner=order.customer,
        prescription_ids=prescription_ids,
        lines=lines,
        reference=order.number,
    )
    if coverage.is_complete:
        order.prescription_claimed = True
        order.save(update_fields=["prescription_claimed", "updated_at"])
    return coverage.is_complete


def order_after_prescription(*, order: Order) -> Order:
    """Move a locked, covered order past the prescription gate: to payment, or (cash) to the
    pharmacy's queue."""
    to = (
        OrderStatus.AWAITING_PAYMENT
        if order.payment_method in ONLINE_PAYMENT_METHODS
        else OrderStatus.CREATED
    )
    transition_check(order=order, to=to, actor=None)
    return order_status_record(order=order, to=to, actor=None, reason="Prescription covered")


@transaction.atomic
def order_prescriptions_attach(*, order: Order, customer, prescription_ids: list[int]) -> Order:
    """Attach the customer's prescriptions to their order waiting for one, and release the
    order if they now cover every prescription line."""
    order = lock_order(order_id=order.pk)
    if order.customer_id != customer.pk:
        raise OrderNotFound()
    if order.status != OrderStatus.AWAITING_PRESCRIPTION:
        raise OrderNotAwaitingPrescription(details={"status": order.status})
    ids = order_prescriptions_validate(customer=customer, prescription_ids=prescription_ids)
    order.prescriptions.add(*ids)
    if order_prescription_claim(order=order):
        order_after_prescription(order=order)
    return order


@transaction.atomic
def order_prescription_recheck(*, order_id: int) -> Order:
    """Retry the prescription claim of an order (a prescription attached to it was approved).
    Does nothing unless the order still waits for a prescription."""
    order = lock_order(order_id=order_id)
    if order.status == OrderStatus.AWAITING_PRESCRIPTION and order_prescription_claim(order=order):
        order_after_prescription(order=order)
    return order


@transaction.atomic
def order_prescription_refused_notify(*, prescription_id: int, owner_id: int) -> int:
    """Tell the customer which of their waiting orders a rejected or expired prescription was
    meant for (in-app; the prescriptions app sends its own review outcome). Returns the count."""
    orders = list(
        Order.objects.filter(
            customer_id=owner_id,
            status=OrderStatus.AWAITING_PRESCRIPTION,
            prescriptions=prescription_id,
        ).select_related("customer")
    )
    for order in orders:
        with translation.override(order.customer.language):
            reason = str(WAITING_FOR_VALID_PRESCRIPTION) % {"number": order.number}
        notification_enqueue(
            type=NotificationType.PRESCRIPTION_REJECTED,
            channel=Channel.IN_APP,
            context={"order_number": order.number, "reason": reason},
            user=order.customer,
        )
    return len(orders)
