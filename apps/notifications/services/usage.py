"""SMS volume and cost per local day, and the global daily budget. Counted in the database
(never only in the cache), so a Redis outage cannot lift the budget."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from apps.core.roles import Role

from ..models import Channel, NotificationType, SmsDailyUsage


def _today_usage() -> QuerySet[SmsDailyUsage]:
    today = timezone.localdate()
    SmsDailyUsage.objects.bulk_create([SmsDailyUsage(date=today)], ignore_conflicts=True)
    return SmsDailyUsage.objects.filter(date=today)


def sms_budget_exhausted() -> bool:
    """True once today's SMS cost reached SMS_DAILY_BUDGET (0 turns the budget off). Messages
    already in flight may overshoot it by a few SMS; one-time codes are never counted against
    it when deciding, only in the totals."""
    if not settings.SMS_DAILY_BUDGET:
        return False
    spent = (
        SmsDailyUsage.objects.filter(date=timezone.localdate())
        .values_list("cost", flat=True)
        .first()
    )
    return (spent or Decimal(0)) >= settings.SMS_DAILY_BUDGET


def sms_sent_record(*, segments: int, cost: Decimal) -> None:
    _today_usage().update(
        messages=F("messages") + 1, segments=F("segments") + segments, cost=F("cost") + cost
    )
    if sms_budget_exhausted():
        _alert_admins_once()


def sms_blocked_record() -> None:
    _today_usage().update(blocked=F("blocked") + 1)
    _alert_admins_once()


def _alert_admins_once() -> None:
    """Tell every active admin (in-app) the first time the budget is hit on a day; the
    conditional update makes exactly one racing worker write the alerts."""
    from apps.users.models import User

    from .outbox import notification_enqueue

    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        won = SmsDailyUsage.objects.filter(date=today, budget_alerted_at__isnull=True).update(
            budget_alerted_at=now
        )
        if not won:
            return
        spent = SmsDailyUsage.objects.get(date=today).cost
        admins = User.objects.filter(role=Role.ADMIN, is_active=True, deleted_at__isnull=True)
        for admin in admins:
            notification_enqueue(
                type=NotificationType.SMS_BUDGET_EXCEEDED,
                channel=Channel.IN_APP,
                user=admin,
                context={
                    "budget": _som(settings.SMS_DAILY_BUDGET),
                    "spent": _som(spent),
                    "date": today.isoformat(),
                },
            )


def _som(amount: Decimal) -> str:
    """`1500000` -> `1 500 000`, as sums are written in Uzbekistan."""
    return f"{amount:,.0f}".replace(",", " ")
