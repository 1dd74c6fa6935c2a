"""Who may confirm the cash of an order. Staff (an operator at the counter, an admin) may for
any cash order; a courier only for courier-delivered orders, and only if every registered check
agrees. The delivery app registers, from its `AppConfig.ready`, the check that the courier is
the one the order's delivery was given to (`apps.delivery.selectors.courier_is_assigned`)."""

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
