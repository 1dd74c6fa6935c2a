"""Reads of payments. Each runs a fixed number of queries whatever the size of its result."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Min, QuerySet, Sum

from apps.core.roles import Role

from .errors import PaymentNotFound
from .models import Payment, PaymentProvider, PaymentStatus


def payment_get_for_owner(*, user, payment_id: int) -> Payment:
    """A payment of one of `user`'s own orders; anyone else's (or none) is 404."""
    payment = (
        Payment.objects.select_related("order")
        .filter(pk=payment_id, order__customer_id=user.pk)
        .first()
    )
    if payment is None:
        raise PaymentNotFound()
    return payment


def cash_outstanding(*, collector=None) -> QuerySet[Payment]:
    """Cash collected and not yet handed in (returned cash is not owed), with `owed`: what was
    collected less what the collector gave back when staff removed packs."""
    payments = Payment.objects.filter(
        provider=PaymentProvider.CASH, status=PaymentStatus.PAID, handed_in_at__isnull=True
    ).annotate(owed=F("amount") - F("refunded_amount"))
    if collector is not None:
        payments = payments.filter(collected_by=collector)
    return payments


@dataclass(frozen=True)
class CashCollection:
    payment_id: int
    order_number: str
    amount: Decimal
    collected_at: datetime


@dataclass
class CashLedgerRow:
    collector_id: int
    collector_name: str
    collector_phone: str
    collector_role: str
    amount_due: Decimal
    collections_count: int
    oldest_collected_at: datetime
    collections: list[CashCollection] = field(default_factory=list)


def cash_ledger(*, user) -> list[CashLedgerRow]:
    """What each collector holds and must hand in, with the open collections. Couriers see
    their own row only; staff see everyone's. Two queries."""
    collector = user if user.role == Role.COURIER else None
    outstanding = cash_outstanding(collector=collector)
    totals = (
        outstanding.values(
            "collected_by",
            "collected_by__first_name",
            "collected_by__last_name",
            "collected_by__phone_number",
            "collected_by__role",
        )
        .annotate(amount_owed=Sum("owed"), count=Count("pk"), oldest=Min("paid_at"))
        .order_by("-amount_owed", "collected_by")
    )
    rows = {
        entry["collected_by"]: CashLedgerRow(
            collector_id=entry["collected_by"],
            collector_name=" ".join(
                part
                for part in (entry["collected_by__first_name"], entry["collected_by__last_name"])
                if part
            ),
            collector_phone=entry["collected_by__phone_number"] or "",
            collector_role=entry["collected_by__role"],
            amount_due=entry["amount_owed"],
            collections_count=entry["count"],
            oldest_collected_at=entry["oldest"],
        )
        for entry in totals
    }
    for payment_id, collector_id, number, amount, paid_at in outstanding.order_by(
        "paid_at", "pk"
    ).values_list("pk", "collected_by", "order__number", "owed", "paid_at"):
        row = rows.get(collector_id)  # None for a collection recorded between the queries
        if row is not None:
            row.collections.append(
                CashCollection(
                    payment_id=payment_id, order_number=number, amount=amount, collected_at=paid_at
                )
            )
    return list(rows.values())
