"""Pre-computed roll-ups the dashboards read instead of aggregating raw orders per request.

Every roll-up row belongs to one calendar day in Asia/Tashkent and is recomputed as a whole
(`services.rollup_day_compute`), so recomputing a day any number of times gives the same rows."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.money import money_field


class DailyStats(models.Model):
    """Orders placed on `day` (Tashkent) and what became of them. Revenue counts settled orders:
    paid online, or cash handed over; cancelled and refunded orders bring none."""

    day = models.DateField(_("day"), unique=True)
    orders_total = models.PositiveIntegerField(_("orders"), default=Decimal("0.00"))
    orders_by_status = models.JSONField(_("orders by status"), default=dict)
    paid_orders = models.PositiveIntegerField(_("settled orders"), default=Decimal("0.00"))
    revenue_total = money_field(verbose_name=_("revenue (so'm)"), default=Decimal("0.00"))
    revenue_payme = money_field(verbose_name=_("Payme revenue (so'm)"), default=Decimal("0.00"))
    revenue_click = money_field(verbose_name=_("Click revenue (so'm)"), default=Decimal("0.00"))
    revenue_cash = money_field(verbose_name=_("cash revenue (so'm)"), default=Decimal("0.00"))
    new_customers = models.PositiveIntegerField(_("new customers"), default=Decimal("0.00"))
    cancellations = models.PositiveIntegerField(_("cancellations"), default=Decimal("0.00"))
    refunds = models.PositiveIntegerField(_("refunds"), default=Decimal("0.00"))
    refunds_amount = money_field(verbose_name=_("refunded (so'm)"), default=Decimal("0.00"))
    rx_orders = models.PositiveIntegerField(
        _("orders with prescription items"), default=Decimal("0.00")
    )
    computed_at = models.DateTimeField(_("computed at"))
    is_final = models.BooleanField(_("finalised"), default=False)

    class Meta:
        verbose_name = _("daily statistics")
        verbose_name_plural = _("daily statistics")
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class ProductPerformance(models.Model):
    """Per product per day: units and revenue of settled orders, units on refunded ones."""

    day = models.DateField(_("day"))
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    units = models.PositiveIntegerField(_("units sold"), default=Decimal("0.00"))
    revenue = money_field(verbose_name=_("revenue (so'm)"), default=Decimal("0.00"))
    returns = models.PositiveIntegerField(_("units returned"), default=Decimal("0.00"))

    class Meta:
        verbose_name = _("product performance")
        verbose_name_plural = _("product performance")
        ordering = ["day", "product"]
        constraints = [
            models.UniqueConstraint(fields=["day", "product"], name="product_performance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} product {self.product_id}"


class CourierPerformance(models.Model):
    """Per courier per day: deliveries handed over, how many on time, trips given up, average
    minutes from pick-up to handover, cash collected."""

    day = models.DateField(_("day"))
    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("courier"),
    )
    deliveries = models.PositiveIntegerField(_("deliveries"), default=Decimal("0.00"))
    on_time = models.PositiveIntegerField(_("on time"), default=Decimal("0.00"))
    failed = models.PositiveIntegerField(_("failed"), default=Decimal("0.00"))
    average_minutes = models.DecimalField(
        _("average minutes"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    cash_collected = money_field(verbose_name=_("cash collected (so'm)"), default=Decimal("0.00"))

    class Meta:
        verbose_name = _("courier performance")
        verbose_name_plural = _("courier performance")
        ordering = ["day", "courier"]
        constraints = [
            models.UniqueConstraint(fields=["day", "courier"], name="courier_performance_unique"),
            models.CheckConstraint(
                name="courier_performance_on_time_within",
                condition=Q(on_time__lte=models.F("deliveries")),
            ),
        ]
        indexes = [models.Index(fields=["courier", "day"], name="courier_performance_idx")]

    def __str__(self) -> str:
        return f"{self.day} courier {self.courier_id}"


class SystemHealthLog(models.Model):
    """A periodic snapshot of the shop's plumbing. `database_bytes` is empty where the source is
    not available (SQLite); `payment_errors` counts provider callbacks answered with an error."""

    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    queue_length = models.PositiveIntegerField(_("notifications waiting"))
    failed_notifications = models.PositiveIntegerField(_("failed notifications (24 h)"))
    payment_errors = models.PositiveIntegerField(_("payment errors (24 h)"), null=True)
    database_bytes = models.BigIntegerField(_("database size (bytes)"), null=True)

    class Meta:
        verbose_name = _("system health snapshot")
        verbose_name_plural = _("system health log")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"health {self.created_at:%Y-%m-%d %H:%M}"
