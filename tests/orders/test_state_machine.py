"""Every transition of the state machine, tried by every role on every status: exactly the
transitions written here succeed (this table is the specification docs/orders.md shows);
the others are 409 `invalid_transition` (no such transition for this order) or 403
`transition_not_allowed` (not for this role)."""

import pytest
from django.db import transaction
from django.utils import timezone

from apps.orders.errors import InvalidTransition, TransitionNotAllowed
from apps.orders.models import Order, OrderStatus, StockState
from apps.orders.services import order_transition
from tests.orders.factories import place_order
from tests.users.factories import (
    AdminFactory,
    CourierFactory,
    CustomerFactory,
    OperatorFactory,
)

pytestmark = pytest.mark.django_db

S = OrderStatus
ROLES = ("customer", "other_customer", "courier", "operator", "admin", "system")
STAFF = {"operator", "admin"}
CUSTOMER_STAFF_SYSTEM = {"customer", "operator", "admin", "system"}
STAFF_SYSTEM = {"operator", "admin", "system"}
SYSTEM = {"system"}

PAID_ONLINE_BY_COURIER = {
    (S.CREATED, S.AWAITING_PRESCRIPTION): SYSTEM,
    (S.CREATED, S.AWAITING_PAYMENT): SYSTEM,
    (S.CREATED, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.AWAITING_PRESCRIPTION, S.AWAITING_PAYMENT): SYSTEM,
    (S.AWAITING_PRESCRIPTION, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.AWAITING_PAYMENT, S.PAID): SYSTEM,
    (S.AWAITING_PAYMENT, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.PAID, S.PREPARING): STAFF,
    (S.PAID, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.PAID, S.REFUNDED): SYSTEM,
    (S.PREPARING, S.READY_FOR_DELIVERY): STAFF,
    (S.PREPARING, S.CANCELLED): STAFF_SYSTEM,
    (S.PREPARING, S.REFUNDED): SYSTEM,
    (S.READY_FOR_DELIVERY, S.ON_THE_WAY): {"courier", "admin"},
    (S.READY_FOR_DELIVERY, S.CANCELLED): STAFF_SYSTEM,
    (S.READY_FOR_DELIVERY, S.REFUNDED): SYSTEM,
    (S.ON_THE_WAY, S.DELIVERED): {"courier", "admin"},
    (S.ON_THE_WAY, S.READY_FOR_DELIVERY): {"courier", "operator", "admin"},
    (S.ON_THE_WAY, S.CANCELLED): STAFF_SYSTEM,
    (S.ON_THE_WAY, S.REFUNDED): SYSTEM,
    (S.CANCELLED, S.REFUNDED): SYSTEM,
}

CASH_PICKUP = {
    (S.CREATED, S.AWAITING_PRESCRIPTION): SYSTEM,
    (S.CREATED, S.PREPARING): STAFF,
    (S.CREATED, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.AWAITING_PRESCRIPTION, S.CREATED): SYSTEM,
    (S.AWAITING_PRESCRIPTION, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.AWAITING_PAYMENT, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.PAID, S.PREPARING): STAFF,
    (S.PAID, S.CANCELLED): CUSTOMER_STAFF_SYSTEM,
    (S.PREPARING, S.READY_FOR_DELIVERY): STAFF,
    (S.PREPARING, S.CANCELLED): STAFF_SYSTEM,
    (S.READY_FOR_DELIVERY, S.DELIVERED): STAFF,
    (S.READY_FOR_DELIVERY, S.CANCELLED): STAFF_SYSTEM,
    (S.ON_THE_WAY, S.CANCELLED): STAFF_SYSTEM,
}

PROFILES = {
    "paid_online_by_courier": ("payme", "courier", PAID_ONLINE_BY_COURIER),
    "cash_pickup": ("cash", "pickup", CASH_PICKUP),
}
PAID_STATUSES = {
    S.PAID,
    S.PREPARING,
    S.READY_FOR_DELIVERY,
    S.ON_THE_WAY,
    S.DELIVERED,
    S.CANCELLED,
    S.REFUNDED,
}


class _Rollback(Exception):
    pass


def _attempt(order: Order, to: str, actor) -> str:
    try:
        with transaction.atomic():
            order_transition(order=order, to=to, actor=actor, reason="table test")
            raise _Rollback
    except _Rollback:
        return "ok"
    except InvalidTransition:
        return "invalid"
    except TransitionNotAllowed:
        return "forbidden"


def _order_in(status: str, *, payment_method: str, delivery_type: str, customer) -> Order:
    order = place_order(customer, payment_method=payment_method, delivery_type=delivery_type)
    paid = payment_method != "cash" and status in PAID_STATUSES
    stock_state = {
        S.DELIVERED: StockState.SOLD,
        S.CANCELLED: StockState.RELEASED,
        S.REFUNDED: StockState.RELEASED,
    }.get(status, StockState.RESERVED)
    Order.objects.filter(pk=order.pk).update(
        status=status,
        paid_at=timezone.now() if paid else None,
        payment_reference="test-payment" if paid else "",
        stock_state=stock_state,
    )
    return Order.objects.get(pk=order.pk)


@pytest.mark.parametrize("source", OrderStatus.values)
@pytest.mark.parametrize("profile", PROFILES)
def test_exactly_the_listed_transitions_are_allowed_per_role(profile, source):
    payment_method, delivery_type, allowed = PROFILES[profile]
    customer = CustomerFactory()
    actors = {
        "customer": customer,
        "other_customer": CustomerFactory(),
        "courier": CourierFactory(),
        "operator": OperatorFactory(),
        "admin": AdminFactory(),
        "system": None,
    }
    order = _order_in(
        source, payment_method=payment_method, delivery_type=delivery_type, customer=customer
    )

    outcomes, expected = {}, {}
    for target in OrderStatus.values:
        for role in ROLES:
            outcomes[target, role] = _attempt(order, target, actors[role])
            roles = allowed.get((source, target))
            expected[target, role] = (
                "invalid" if roles is None else "ok" if role in roles else "forbidden"
            )

    wrong = {key: (outcomes[key], want) for key, want in expected.items() if outcomes[key] != want}
    assert wrong == {}, f"(target, role): (got, expected) from {source}"
    order.refresh_from_db()
    assert order.status == source
