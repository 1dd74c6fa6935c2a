"""The objects the cross-cutting tests aim at: everything is owned by `customer` (customer A),
is carried by `courier` (courier 1) or is shared catalog/staff data, and is made lazily through
the real factories and services, so a row that names `order` gets an order placed by customer A
and nothing else is created."""

import uuid
from datetime import timedelta
from functools import cached_property

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.delivery.services import delivery_confirm_with_photo
from apps.orders.models import PaymentMethod
from apps.orders.services import cart_item_add
from apps.payments.services import cash_payment_confirm, payment_start
from apps.products.services.images import product_image_add
from tests.delivery.factories import (
    ZoneFactory,
    assigned_delivery,
    handover_code,
    on_shift,
    on_the_way_delivery,
    ready_delivery,
)
from tests.delivery.images import jpeg_with_metadata
from tests.notifications.factories import InAppNotificationFactory, NotificationTemplateFactory
from tests.orders.factories import fill_cart, place_order, stocked_product
from tests.payments.factories import awaiting_order, on_the_way
from tests.prescriptions import images
from tests.prescriptions.factories import PrescriptionFactory, pending_with_page
from tests.products.factories import CategoryFactory, ProductFactory, ean13, jpeg_upload, receive
from tests.users.factories import AddressFactory


class World:
    """Lazily built objects; each attribute is one object (its key is used in URLs and bodies)."""

    def __init__(self, customer, courier=None, fixture=None):
        self.customer = customer
        self.courier = courier
        self._fixture = fixture  # pytest's request.getfixturevalue, for fixtures a row needs

    # --- customer A's own objects ---------------------------------------------------------
    @cached_property
    def user(self):
        return self.customer

    @cached_property
    def address(self):
        return AddressFactory(user=self.customer)

    @cached_property
    def notification(self):
        return InAppNotificationFactory(user=self.customer)

    @cached_property
    def order(self):
        return place_order(self.customer)

    @cached_property
    def cash_order(self):
        return place_order(self.customer, payment_method=PaymentMethod.CASH)

    @cached_property
    def two_line_order(self):
        """A cash order with two lines (staff may take one off)."""
        return place_order(
            self.customer, [(stocked_product(), 2), (stocked_product(), 1)], payment_method="cash"
        )

    @cached_property
    def two_line_order_item(self):
        return self.two_line_order.items.order_by("pk").first()

    @cached_property
    def rx_order(self):
        """An order waiting for a prescription."""
        return place_order(self.customer, [(stocked_product(requires_prescription=True), 1)])

    @cached_property
    def pending_prescription(self):
        return PrescriptionFactory(owner=self.customer)

    @cached_property
    def prescription(self):
        return pending_with_page(owner=self.customer)

    @cached_property
    def prescription_image(self):
        return self.prescription.images.get()

    @cached_property
    def cart_item(self):
        return cart_item_add(customer=self.customer, product_id=stocked_product().pk, quantity=1)

    @cached_property
    def filled_cart(self):
        fill_cart(self.customer, [(stocked_product(), 1)])
        return self.customer

    # --- payments: customer A's orders and attempts ------------------------------------------
    @cached_property
    def payme_order(self):
        """An order awaiting a Payme payment (no attempt started yet)."""
        return awaiting_order(self.customer)

    @cached_property
    def payment(self):
        """Customer A's Payme attempt (pending) on an order of their own."""
        started = payment_start(
            customer=self.customer,
            order_id=awaiting_order(self.customer).pk,
            provider="payme",
            request=None,
        )
        return started.payment

    @cached_property
    def cash_delivery_order(self):
        """Customer A's cash order on its way with courier 1: cash is collected now."""
        return on_the_way(awaiting_order(self.customer, method="cash"), self.courier)

    @cached_property
    def cash_payment(self):
        """The cash of `cash_delivery_order`, collected by courier 1 and not yet handed in."""
        order = self.cash_delivery_order
        return cash_payment_confirm(
            order_id=order.pk, amount=order.total, collector=self.courier
        ).payment

    # --- delivery: customer A's parcels carried by courier 1 ----------------------------------
    @cached_property
    def zone(self):
        return ZoneFactory()

    @cached_property
    def ready_delivery(self):
        """Customer A's courier order ready at the pharmacy, nobody carrying it yet."""
        self.courier_on_shift  # noqa: B018  (on shift first: auto-assignment is off in the matrix)
        return ready_delivery(self.customer)

    @cached_property
    def courier_on_shift(self):
        return on_shift(self.courier).courier

    @cached_property
    def assigned_delivery(self):
        """Customer A's parcel given to courier 1, not picked up yet."""
        return assigned_delivery(self.courier, customer=self.customer)

    @cached_property
    def on_the_way_delivery(self):
        """Customer A's parcel on its way with courier 1 (the handover code was texted through
        the fake SMS gateway, so `$handover_code` can read it)."""
        self.sms_gateway  # noqa: B018
        return on_the_way_delivery(self.courier, customer=self.customer)

    @cached_property
    def delivery_order(self):
        """The order of `on_the_way_delivery` (for the tracking URL)."""
        return self.on_the_way_delivery.order

    @cached_property
    def handover_code(self):
        return handover_code(self.sms_gateway, self.on_the_way_delivery)

    @cached_property
    def photo_delivery(self):
        """Customer A's parcel handed over by courier 1 with a photo instead of the code."""
        delivery = on_the_way_delivery(self.courier, customer=self.customer)
        photo = SimpleUploadedFile("p.jpg", jpeg_with_metadata(), content_type="image/jpeg")
        return delivery_confirm_with_photo(
            delivery=delivery, courier=self.courier, photo=photo, note="Nobody at the door"
        )

    @cached_property
    def sms_gateway(self):
        return self._fixture("sms_gateway")

    # --- shared catalog and staff data ----------------------------------------------------
    @cached_property
    def category(self):
        return CategoryFactory()

    @cached_property
    def product(self):
        return stocked_product()

    @cached_property
    def rx_product(self):
        return ProductFactory(requires_prescription=True)

    @cached_property
    def batch(self):
        return receive(ProductFactory(), 10)

    @cached_property
    def product_image(self):
        return product_image_add(product=self.product, upload=jpeg_upload())

    @cached_property
    def template(self):
        return NotificationTemplateFactory(
            type="order_ready", language="uz", title="", body="Buyurtma {order_number} tayyor."
        )

    # --- values ---------------------------------------------------------------------------
    def key(self, name: str):
        """The value a URL or a body uses for object `name` (`=text` is the literal text)."""
        if name.startswith("="):
            return name[1:]
        obj = getattr(self, name)
        if isinstance(obj, str):  # a value such as the handover code
            return obj
        if hasattr(obj, "number") and name.endswith("order"):
            return obj.number
        return obj.pk

    def value(self, token: str):
        """Expand one `$name` (or `$name.attribute`) token of a request body in the matrix
        file."""
        generated = {
            "$barcode": lambda: ean13(700000 + uuid.uuid4().int % 10**6),
            "$in_200_days": lambda: (timezone.localdate() + timedelta(days=200)).isoformat(),
            "$in_10_days": lambda: (timezone.localdate() + timedelta(days=10)).isoformat(),
            "$jpeg": lambda: images.upload(images.jpeg()),
            "$product_jpeg": jpeg_upload,
            "$key": lambda: uuid.uuid4().hex,
        }
        if token in generated:
            return generated[token]()
        name, _, attribute = token[1:].partition(".")
        if attribute:
            return str(getattr(getattr(self, name), attribute))
        return self.key(name)

    def expand(self, data):
        if isinstance(data, dict):
            return {k: self.expand(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self.expand(v) for v in data]
        if isinstance(data, str) and data.startswith("$"):
            return self.value(data)
        return data
