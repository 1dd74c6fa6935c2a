"""Low-stock and near-expiry alerts for pharmacy staff (in-app, through the notification outbox).

Each dip below a product's threshold and each near-expiry batch alerts once: the row is marked
when staff are told, and a product's mark is cleared when its stock recovers. Rows are claimed
with `SKIP LOCKED`, so overlapping runs never alert twice."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.core.roles import STAFF_ROLES
from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue
from apps.users.models import User

from ..models import Product, StockBatch
from ..selectors import product_list_with_stock

# One run tells staff about at most this many products and batches each; the rest follow on
# the next run, so a first run over a large catalog cannot flood the inbox in one go.
MAX_ALERTS_PER_RUN = 100


@dataclass(frozen=True)
class AlertSummary:
    low_stock: int
    near_expiry: int
    recovered: int


def _name_for(user: User, product: Product) -> str:
    return getattr(product, f"name_{user.language}", "") or product.name_uz


def _staff() -> list[User]:
    return list(User.objects.filter(role__in=STAFF_ROLES, is_active=True, deleted_at__isnull=True))


@transaction.atomic
def stock_alerts_send() -> AlertSummary:
    """Tell every active operator and admin about products that newly fell to or below their
    low-stock threshold and batches that newly entered the near-expiry window."""
    now = timezone.now()
    staff = _staff()
    with_stock = product_list_with_stock(queryset=Product.objects.filter(is_active=True))
    recovered = Product.objects.filter(
        pk__in=with_stock.filter(
            low_stock_alerted_at__isnull=False, sellable_quantity__gt=F("low_stock_threshold")
        ).values("pk")
    ).update(low_stock_alerted_at=None)

    low = list(
        with_stock.filter(
            low_stock_alerted_at__isnull=True, sellable_quantity__lte=F("low_stock_threshold")
        )
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")[:MAX_ALERTS_PER_RUN]
    )
    for product in low:
        for user in staff:
            notification_enqueue(
                type=NotificationType.LOW_STOCK,
                channel=Channel.IN_APP,
                user=user,
                context={
                    "product": _name_for(user, product),
                    "quantity": product.sellable_quantity,
                    "product_id": product.pk,
                },
            )
    Product.objects.filter(pk__in=[p.pk for p in low]).update(low_stock_alerted_at=now)

    horizon = timezone.localdate() + timedelta(days=settings.NEAR_EXPIRY_ALERT_DAYS)
    expiring = list(
        StockBatch.objects.filter(
            expiry_alerted_at__isnull=True,
            expiry_date__lte=horizon,
            quantity__gt=0,
            product__is_active=True,
        )
        .select_related("product")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("expiry_date", "pk")[:MAX_ALERTS_PER_RUN]
    )
    for batch in expiring:
        for user in staff:
            notification_enqueue(
                type=NotificationType.NEAR_EXPIRY,
                channel=Channel.IN_APP,
                user=user,
                context={
                    "product": _name_for(user, batch.product),
                    "lot": batch.lot_number,
                    "expiry_date": batch.expiry_date.isoformat(),
                    "quantity": batch.quantity,
                    "batch_id": batch.pk,
                },
            )
    StockBatch.objects.filter(pk__in=[b.pk for b in expiring]).update(expiry_alerted_at=now)
    return AlertSummary(low_stock=len(low), near_expiry=len(expiring), recovered=recovered)
