"""Who may confirm the cash of an order. Staff (an operator at the counter, an admin) may for
any cash order; a courier only for courier-delivered orders, and only if every registered check
agrees. The delivery app (not yet built) registers a check that the courier is the one assigned
to the order, from its `AppConfig.ready`:

    register_cash_collector_check(lambda *, order, user: delivery_assigned_to(order, user))

Until a check is registered, any courier may confirm the cash of a courier order (and then owes
it in the cash ledger)."""

from typing import Protocol

from apps.core.roles import STAFF_ROLES, Role
from apps.orders.models import DeliveryType, Order


class CashCollectorCheck(Protocol):
    def __call__(self, *, order: Order, user) -> bool: ...


_checks: list[CashCollectorCheck] = []


def register_cash_collector_check(check: CashCollectorCheck) -> CashCollectorCheck:
    _checks.append(check)
    return check


def unregister_cash_collector_check(check: CashCollectorCheck) -> None:
    if check in _checks:
        _checks.remove(check)


def cash_collector_allowed(*, order: Order, user) -> bool:
    if user.role in STAFF_ROLES:
        return True
    if user.role != Role.COURIER or order.delivery_type != DeliveryType.COURIER:
        return False
    return all(check(order=order, user=user) for check in _checks)
