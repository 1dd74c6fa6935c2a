"""Cart, orders and their history. Orders never change status by a raw save: every change goes
through `services.order_transition`, which follows the table in `state.py`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.money import money_field


class OrderStatus(models.TextChoices):
    CREATED = "created", _("Created")
    AWAITING_PRESCRIPTION = "awaiting_prescription", _("Awaiting prescription")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PREPARING = "preparing", _("Preparing")
    READY_FOR_DELIVERY = "ready_for_delivery", _("Ready for delivery")
    ON_THE_WAY = "on_the_way", _("On the way")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class PaymentMethod(models.TextChoices):
    PAYME = "payme", _("Payme")
    CLICK = "click", _("Click")
    CASH = "cash", _("Cash on delivery")


ONLINE_PAYMENT_METHODS = frozenset({PaymentMethod.PAYME, PaymentMethod.CLICK})


class DeliveryType(models.TextChoices):
    COURIER = "courier", _("Courier")
    PICKUP = "pickup", _("Pickup at the pharmacy")


class StockState(models.TextChoices):
    """What happened to the units reserved at checkout; each change happens exactly once."""

    RESERVED = "reserved", _("Reserved")
    RELEASED = "released", _("Returned to stock")
    SOLD = "sold", _("Sold")


class Cart(TimeStampedModel):
    """One cart per customer. Prices are not stored: the cart always shows the current ones."""

    customer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"Cart of {self.customer_id}"


class CartItem(TimeStampedModel):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="cart_items"
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_item_product_unique"),
            models.CheckConstraint(name="cart_item_quantity_positive", condition=Q(quantity__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x product {self.product_id}"


class Order(TimeStampedModel):
    """A customer's order: a snapshot of what was bought at which price, where it goes, and
    where it stands. `number` is the public, non-sequential identifier (`DX-7KQ3M9P2`)."""

    number = models.CharField(_("number"), max_length=16, unique=True, editable=False)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("customer"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=OrderStatus.choices, default=OrderStatus.CREATED
    )
    payment_method = models.CharField(
        _("payment method"), max_length=8, choices=PaymentMethod.choices
    )
    delivery_type = models.CharField(_("delivery"), max_length=8, choices=DeliveryType.choices)
    address_text = models.CharField(_("delivery address"), max_length=500, blank=True)
    address_latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address_longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    customer_note = models.TextField(_("note from the customer"), blank=True)
    items_total = money_field(verbose_name=_("items total (so'm)"))
    delivery_fee = money_field(verbose_name=_("delivery fee (so'm)"))
    total = money_field(verbose_name=_("total (so'm)"))
    requires_prescription = models.BooleanField(_("has prescription items"), default=False)
    prescriptions = models.ManyToManyField(
        "prescriptions.Prescription",
        blank=True,
        related_name="orders",
        verbose_name=_("prescriptions"),
    )
    # True while the order holds packs of its prescriptions (see prescription_coverage_claim).
    prescription_claimed = models.BooleanField(_("prescription coverage claimed"), default=False)
    stock_state = models.CharField(
        _("stock"), max_length=10, choices=StockState.choices, default=StockState.RESERVED
    )
    # While the order waits (for payment or a prescription) its stock is held until this time.
    reservation_expires_at = models.DateTimeField(_("reservation expires at"), null=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    delivered_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, editable=False)
    request_fingerprint = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "idempotency_key"], name="order_idempotency_key_unique"
            ),
            models.CheckConstraint(
                name="order_status_valid", condition=Q(status__in=OrderStatus.values)
            ),
            models.CheckConstraint(
                name="order_amounts_not_negative",
                condition=Q(items_total__gte=0, delivery_fee__gte=0, total__gte=0),
            ),
            models.CheckConstraint(
                name="order_courier_has_address",
                condition=Q(delivery_type=DeliveryType.PICKUP) | ~Q(address_text=""),
            ),
            models.CheckConstraint(
                name="order_coordinates_together",
                condition=Q(address_latitude__isnull=True, address_longitude__isnull=True)
                | Q(address_latitude__isnull=False, address_longitude__isnull=False),
            ),
            models.CheckConstraint(
                name="order_paid_has_time",
                condition=Q(payment_reference="") | Q(paid_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="order_status_created_idx"),
            models.Index(fields=["customer", "-created_at"], name="order_customer_idx"),
            # The dashboard refreshes incrementally: "orders changed since the last run".
            models.Index(fields=["updated_at"], name="order_updated_at_idx"),
            models.Index(
                fields=["reservation_expires_at"],
                name="order_reservation_expiry_idx",
                condition=Q(status__in=["awaiting_payment", "awaiting_prescription"]),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_paid_online(self) -> bool:
        return self.paid_at is not None and self.payment_method in ONLINE_PAYMENT_METHODS


class OrderItem(models.Model):
    """One line as sold: name, price, prescription flag and fiscal codes are copied from the
    catalog at checkout, so later catalog changes never touch the order (or its receipt)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, related_name="order_items"
    )
    product_name = models.CharField(_("product"), max_length=400)
    unit_price = money_field(verbose_name=_("unit price (so'm)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = money_field(verbose_name=_("line total (so'm)"))
    requires_prescription = models.BooleanField(_("prescription only"), default=False)
    ikpu_code = models.CharField(_("IKPU (MXIK) code"), max_length=17)
    package_code = models.CharField(_("package code"), max_length=20)
    vat_percent = models.PositiveSmallIntegerField(_("VAT, %"))

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="order_item_product_unique"),
            models.CheckConstraint(
                name="order_item_quantity_positive", condition=Q(quantity__gt=0)
            ),
            models.CheckConstraint(name="order_item_price_positive", condition=Q(unit_price__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_name}"


class OrderItemAllocation(models.Model):
    """Units of one batch (lot) held for, and later sold on, an order line: a recall of a lot
    finds every buyer through these rows."""

    item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="allocations")
    batch = models.ForeignKey(
        "products.StockBatch", on_delete=models.PROTECT, related_name="order_allocations"
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("batch allocation")
        verbose_name_plural = _("batch allocations")
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "batch"], name="order_allocation_unique"),
            models.CheckConstraint(
                name="order_allocation_quantity_positive", condition=Q(quantity__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} from batch {self.batch_id}"


class OrderStatusHistory(models.Model):
    """One recorded transition: who moved the order from what to what, when and why. An empty
    `from_status` is the order's creation; a null actor is the system (expiry, payments)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(
        _("from"), max_length=24, choices=OrderStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=24, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_role = models.CharField(_("role"), max_length=16)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["order", "id"]
        indexes = [
            # The dashboard refreshes incrementally: "transitions since the last run".
            models.Index(fields=["created_at"], name="order_history_created_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '-'} -> {self.to_status}"


class OrderItemRemoval(models.Model):
    """Packs of one line the pharmacy could not supply, taken off the order by staff before
    handover. The line as it was sold (name, price, fiscal codes) is copied here, so the removal
    stays explained after the line itself is gone. `amount` is exactly what the order's total
    went down by (the packs, plus any lower delivery fee): what payments refunds, or collects
    less of, for this removal."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="removals")
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, related_name="order_removals"
    )
    product_name = models.CharField(_("product"), max_length=400)
    unit_price = money_field(verbose_name=_("unit price (so'm)"))
    quantity = models.PositiveIntegerField(_("packs removed"))
    quantity_kept = models.PositiveIntegerField(_("packs kept"))
    requires_prescription = models.BooleanField(_("prescription only"), default=False)
    ikpu_code = models.CharField(_("IKPU (MXIK) code"), max_length=17)
    package_code = models.CharField(_("package code"), max_length=20)
    vat_percent = models.PositiveSmallIntegerField(_("VAT, %"))
    items_amount = money_field(verbose_name=_("value of the packs (so'm)"))
    delivery_fee_reduction = money_field(verbose_name=_("delivery fee reduction (so'm)"))
    amount = money_field(verbose_name=_("total reduction (so'm)"))
    total_before = money_field(verbose_name=_("order total before (so'm)"))
    total_after = money_field(verbose_name=_("order total after (so'm)"))
    order_status = models.CharField(_("order status"), max_length=24, choices=OrderStatus.choices)
    was_paid = models.BooleanField(_("order was paid"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_role = models.CharField(_("role"), max_length=16)
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("removed line")
        verbose_name_plural = _("removed lines")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                name="order_removal_quantity_positive", condition=Q(quantity__gt=0)
            ),
            models.CheckConstraint(
                name="order_removal_amounts_consistent",
                condition=Q(
                    items_amount__gt=0,
                    delivery_fee_reduction__gte=0,
                    amount=models.F("items_amount") + models.F("delivery_fee_reduction"),
                    total_after=models.F("total_before") - models.F("amount"),
                ),
            ),
            models.CheckConstraint(name="order_removal_reason_given", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: -{self.quantity} x {self.product_name}"
