"""The objects the cross-cutting tests aim at: everything is owned by `customer` (customer A) or
is shared catalog/staff data, and is made lazily through the real factories and services, so a
row that names `order` gets an order placed by customer A and nothing else is created."""

import uuid
from datetime import timedelta
from functools import cached_property

from django.utils import timezone

from apps.orders.models import PaymentMethod
from apps.orders.services import cart_item_add
from apps.products.services.images import product_image_add
from tests.notifications.factories import InAppNotificationFactory, NotificationTemplateFactory
from tests.orders.factories import fill_cart, place_order, stocked_product
from tests.prescriptions import images
from tests.prescriptions.factories import PrescriptionFactory, pending_with_page
from tests.products.factories import CategoryFactory, ProductFactory, ean13, receive
from tests.products.test_images import jpeg_upload
from tests.users.factories import AddressFactory


class World:
    """Lazily built objects; each attribute is one object (its key is used in URLs and bodies)."""

    def __init__(self, customer):
        self.customer = customer

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
        """The value a URL or a body uses for object `name`."""
        obj = getattr(self, name)
        if hasattr(obj, "number") and name.endswith("order"):
            return obj.number
        return obj.pk

    def value(self, token: str):
        """Expand one `$name` token of a request body in the matrix file."""
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
        return self.key(token[1:])

    def expand(self, data):
        if isinstance(data, dict):
            return {k: self.expand(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self.expand(v) for v in data]
        if isinstance(data, str) and data.startswith("$"):
            return self.value(data)
        return data
