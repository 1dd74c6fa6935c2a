"""The order state machine: every allowed transition, who may make it, and on which orders.

This table is the single source of truth; `services.order_transition` refuses anything that is
not in it. `docs/orders.md` describes it for people."""

from collections.abc import Callable
from dataclasses import dataclass

from apps.core.roles import Role

from .errors import InvalidTransition, TransitionNotAllowed
from .models import ONLINE_PAYMENT_METHODS, DeliveryType, Order, OrderStatus, PaymentMethod

SYSTEM = "system"
"""The actor role of changes made by the shop itself (checkout routing, expiry, payments)."""

S = OrderStatus
STAFF = frozenset({Role.OPERATOR, Role.ADMIN})
CUSTOMER_OR_STAFF = frozenset({Role.CUSTOMER, Role.OPERATOR, Role.ADMIN, SYSTEM})
STAFF_OR_SYSTEM = frozenset({Role.OPERATOR, Role.ADMIN, SYSTEM})
ONLY_SYSTEM = frozenset({SYSTEM})

# Statuses in which an order waits for the customer; its stock is held until
# `reservation_expires_at`, and they count towards the cap on open unpaid orders.
WAITING_STATUSES = frozenset({S.AWAITING_PRESCRIPTION, S.AWAITING_PAYMENT})
OPEN_UNPAID_STATUSES = frozenset({S.CREATED, *WAITING_STATUSES})
FINAL_STATUSES = frozenset({S.DELIVERED, S.CANCELLED, S.REFUNDED})
# Staff may take lines the pharmacy cannot supply off an order until it is handed over. Not
# while a payment is in progress (AWAITING_PAYMENT: the provider holds the old amount) or a
# prescription is awaited (the customer is still acting on the order).
LINE_REMOVAL_STATUSES = frozenset({S.CREATED, S.PAID, S.PREPARING, S.READY_FOR_DELIVERY})


def _online(order: Order) -> bool:
    return order.payment_method in ONLINE_PAYMENT_METHODS


def _cash(order: Order) -> bool:
    return order.payment_method == PaymentMethod.CASH


def _by_courier(order: Order) -> bool:
    return order.delivery_type == DeliveryType.COURIER


def _pickup(order: Order) -> bool:
    return order.delivery_type == DeliveryType.PICKUP


def _paid_online(order: Order) -> bool:
    return order.is_paid_online


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    applies: Callable[[Order], bool] | None = None
    condition: str = ""


_TABLE = [
    # Checkout routes a new order; a covered prescription moves it on.
    Transition(S.CREATED, S.AWAITING_PRESCRIPTION, ONLY_SYSTEM),
    Transition(S.CREATED, S.AWAITING_PAYMENT, ONLY_SYSTEM, _online, "online payment"),
    Transition(S.AWAITING_PRESCRIPTION, S.AWAITING_PAYMENT, ONLY_SYSTEM, _online, "online payment"),
    Transition(S.AWAITING_PRESCRIPTION, S.CREATED, ONLY_SYSTEM, _cash, "cash"),
    # Only a confirmed payment (the payments app) makes an order paid.
    Transition(S.AWAITING_PAYMENT, S.PAID, ONLY_SYSTEM, _online, "online payment"),
    # The pharmacy prepares cash orders as soon as they are confirmed, online ones once paid.
    Transition(S.CREATED, S.PREPARING, STAFF, _cash, "cash"),
    Transition(S.PAID, S.PREPARING, STAFF),
    Transition(S.PREPARING, S.READY_FOR_DELIVERY, STAFF),
    # Courier orders: the delivery app checks the courier's assignment before calling.
    Transition(
        S.READY_FOR_DELIVERY,
        S.ON_THE_WAY,
        frozenset({Role.COURIER, Role.ADMIN}),
        _by_courier,
        "courier delivery",
    ),
    Transition(
        S.ON_THE_WAY,
        S.DELIVERED,
        frozenset({Role.COURIER, Role.ADMIN}),
        _by_courier,
        "courier delivery",
    ),
    Transition(
        S.ON_THE_WAY,
        S.READY_FOR_DELIVERY,
        frozenset({Role.COURIER, Role.OPERATOR, Role.ADMIN}),
        _by_courier,
        "courier delivery",
    ),
    # Pickup orders are handed over at the counter.
    Transition(S.READY_FOR_DELIVERY, S.DELIVERED, STAFF, _pickup, "pickup"),
    # Customers may cancel until preparation starts; staff until handover.
    *(
        Transition(source, S.CANCELLED, CUSTOMER_OR_STAFF)
        for source in (S.CREATED, S.AWAITING_PRESCRIPTION, S.AWAITING_PAYMENT, S.PAID)
    ),
    *(
        Transition(source, S.CANCELLED, STAFF_OR_SYSTEM)
        for source in (S.PREPARING, S.READY_FOR_DELIVERY, S.ON_THE_WAY)
    ),
    # The payments app records money returned by the provider.
    *(
        Transition(source, S.REFUNDED, ONLY_SYSTEM, _paid_online, "paid online")
        for source in (S.PAID, S.PREPARING, S.READY_FOR_DELIVERY, S.ON_THE_WAY, S.CANCELLED)
    ),
]

TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in _TABLE}


def actor_role(actor) -> str:
    """The role a transition is checked against: the user's role, or `system` for no user."""
    return SYSTEM if actor is None else actor.role


def transition_check(*, order: Order, to: str, actor) -> Transition:
    """Raise unless `actor` may move `order` from its current status to `to`."""
    transition = TRANSITIONS.get((order.status, to))
    if transition is None or (transition.applies and not transition.applies(order)):
        raise InvalidTransition(details={"from": order.status, "to": to})
    role = actor_role(actor)
    if role not in transition.roles or (role == Role.CUSTOMER and order.customer_id != actor.pk):
        raise TransitionNotAllowed(details={"from": order.status, "to": to, "role": role})
    return transition


def transitions_available(*, order: Order, actor) -> list[str]:
    """Statuses `actor` may move `order` to now (for buttons and admin actions)."""
    role = actor_role(actor)
    return [
        t.target
        for t in _TABLE
        if t.source == order.status
        and role in t.roles
        and (t.applies is None or t.applies(order))
        and (role != Role.CUSTOMER or order.customer_id == actor.pk)
    ]
