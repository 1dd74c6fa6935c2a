import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from apps.orders.models import Order, OrderStatus
from apps.products.models import StockBatch
from tests.conftest import ENGLISH
from tests.orders.factories import place_order, stocked_product

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orders_order_changelist")


@pytest.fixture
def admin_web(admin_user) -> Client:
    client = Client(**ENGLISH)
    client.force_login(admin_user)
    return client


def _change_url(order: Order) -> str:
    return reverse("admin:orders_order_change", args=[order.pk])


def test_changelist_shows_coloured_status_badges_and_filters(admin_web, customer):
    waiting = place_order(customer)
    cash = place_order(customer, payment_method="cash")
    page = admin_web.get(CHANGELIST).content.decode()
    assert waiting.number in page
    assert "background:#e67e22" in page  # awaiting payment
    assert "Awaiting payment" in page
    filtered = admin_web.get(CHANGELIST, {"status__exact": "created"}).content.decode()
    assert cash.number in filtered
    assert waiting.number not in filtered


def test_search_finds_orders_by_number_and_phone(admin_web, customer, customer_b):
    mine, theirs = place_order(customer), place_order(customer_b)
    page = admin_web.get(CHANGELIST, {"q": mine.number}).content.decode()
    assert mine.number in page
    assert theirs.number not in page
    page = admin_web.get(CHANGELIST, {"q": customer_b.phone_number}).content.decode()
    assert theirs.number in page
    assert mine.number not in page


def test_order_page_shows_items_with_their_batches_and_the_history(admin_web, customer):
    product = stocked_product(5)
    order = place_order(customer, [(product, 2)])
    page = admin_web.get(_change_url(order)).content.decode()
    batch = StockBatch.objects.get(product=product)
    assert f"{batch.lot_number} · {batch.expiry_date.isoformat()} · 2" in page
    assert "awaiting_payment" in page or "Awaiting payment" in page


def test_orders_cannot_be_added_edited_or_deleted_in_admin(admin_web, customer):
    order = place_order(customer)
    assert admin_web.get(reverse("admin:orders_order_add")).status_code == 403
    response = admin_web.post(_change_url(order), {"status": "delivered", "total": "1.00"})
    assert response.status_code == 403
    assert admin_web.post(reverse("admin:orders_order_delete", args=[order.pk])).status_code == 403
    unchanged = Order.objects.get(pk=order.pk)
    assert (unchanged.status, unchanged.total) == (order.status, order.total)


def test_actions_move_orders_through_the_state_machine(admin_web, admin_user, customer):
    cash = place_order(customer, payment_method="cash", delivery_type="pickup")
    unpaid = place_order(customer)
    response = admin_web.post(
        CHANGELIST,
        {"action": "move_to_preparing", "_selected_action": [cash.pk, unpaid.pk]},
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    cash.refresh_from_db()
    unpaid.refresh_from_db()
    assert (cash.status, unpaid.status) == (OrderStatus.PREPARING, OrderStatus.AWAITING_PAYMENT)
    assert cash.history.last().actor == admin_user
    assert any("1 order(s) moved" in t for t in texts)
    assert any(t.startswith(unpaid.number) for t in texts)


def test_cancel_action_returns_stock(admin_web, customer):
    product = stocked_product(3)
    order = place_order(customer, [(product, 3)])
    admin_web.post(CHANGELIST, {"action": "move_to_cancelled", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.history.last().reason == "Cancelled by staff in admin"
    assert StockBatch.objects.get(product=product).reserved == 0


def test_prescription_page_lists_the_orders_waiting_for_it(operator, customer):
    from tests.prescriptions.factories import PrescriptionFactory

    prescription = PrescriptionFactory(owner=customer)
    order = place_order(customer, [(stocked_product(), 1)])
    order.prescriptions.add(prescription)
    browser = Client(**ENGLISH)
    browser.force_login(operator)
    page = browser.get(reverse("admin:prescriptions_prescription_change", args=[prescription.pk]))
    assert page.status_code == 200
    assert order.number in page.content.decode()
    assert reverse("admin:orders_order_change", args=[order.pk]) in page.content.decode()
