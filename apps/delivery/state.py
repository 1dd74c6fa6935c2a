"""The delivery state machine: every allowed change and who may make it. `services` refuses
anything not in this table. How delivery statuses move the order is described in
docs/delivery.md."""

from dataclasses import dataclass

from apps.core.roles import Role

from .errors import DeliveryTransitionNotAllowed, InvalidDeliveryTransition
from .models import Delivery, DeliveryStatus

SYSTEM = "system"
"""The actor role of changes made by the shop itself (auto-assignment, order events)."""

D = DeliveryStatus
STAFF = frozenset({Role.OPERATOR, Role.ADMIN})
COURIER = frozenset({Role.COURIER})
STAFF_OR_SYSTEM = STAFF | {SYSTEM}
COURIER_OR_SYSTEM = COURIER | {SYSTEM}


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]


_TABLE = [
    # Assignment (the same status again is a reassignment before pickup).
    Transition(D.READY, D.ASSIGNED, STAFF_OR_SYSTEM),
    Transition(D.ASSIGNED, D.ASSIGNED, STAFF_OR_SYSTEM),
    # The courier's run. The system follows an order moved by staff through the orders API.
    Transition(D.ASSIGNED, D.PICKED_UP, COURIER),
    Transition(D.ASSIGNED, D.ON_THE_WAY, frozenset({SYSTEM})),
    Transition(D.PICKED_UP, D.ON_THE_WAY, COURIER_OR_SYSTEM),
    Transition(D.ON_THE_WAY, D.DELIVERED, COURIER_OR_SYSTEM),
    # The parcel could not be handed over; it goes back to the pharmacy.
    Transition(D.PICKED_UP, D.FAILED, COURIER | STAFF_OR_SYSTEM),
    Transition(D.ON_THE_WAY, D.FAILED, COURIER | STAFF_OR_SYSTEM),
    Transition(D.FAILED, D.RETURNED, STAFF),
    # The order was cancelled before the parcel left the pharmacy.
    Transition(D.READY, D.RETURNED, frozenset({SYSTEM})),
    Transition(D.ASSIGNED, D.RETURNED, frozenset({SYSTEM})),
    # Back on the shelf, the pharmacy sends it again.
    Transition(D.RETURNED, D.READY, STAFF),
]

TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in _TABLE}


def actor_role(actor) -> str:
    return SYSTEM if actor is None else actor.role


def delivery_transition_check(*, delivery: Delivery, to: str, actor) -> Transition:
    """Raise unless `actor` (None = the system) may move `delivery` to `to` now. A courier
    may only move a delivery they hold."""
    transition = TRANSITIONS.get((delivery.status, to))
    if transition is None:
        raise InvalidDeliveryTransition(details={"from": delivery.status, "to": to})
    role = actor_role(actor)
    if role not in transition.roles or (role == Role.COURIER and delivery.courier_id != actor.pk):
        raise DeliveryTransitionNotAllowed(
            details={"from": delivery.status, "to": to, "role": role}
        )
    return transition


def delivery_next_statuses(*, delivery: Delivery, actor) -> list[str]:
    """Statuses `actor` may move `delivery` to now (buttons in the courier's app)."""
    role = actor_role(actor)
    if role == Role.COURIER and delivery.courier_id != actor.pk:
        return []
    return [
        t.target
        for t in _TABLE
        if t.source == delivery.status and t.target != t.source and role in t.roles
    ]
