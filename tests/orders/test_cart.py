from decimal import Decimal

import pytest
from django.urls import reverse

from apps.orders.models import CartItem
from apps.orders.services import cart_item_add
from tests.orders.factories import fill_cart, place_order, stocked_product
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db

CART = reverse("cart")
ADD = reverse("cart-add")
CLEAR = reverse("cart-clear")


def _update(item_id: int) -> str:
    return reverse("cart-update", args=[item_id])


def _remove(item_id: int) -> str:
    return reverse("cart-remove", args=[item_id])


def _error(response) -> str:
    return response.json()["error"]["code"]


# --- adding and changing lines -----------------------------------------------------------------


def test_add_puts_the_product_in_the_cart_at_the_current_price(customer_client):
    product = stocked_product(price=Decimal("12500.00"))
    response = customer_client.post(ADD, {"product_id": product.pk, "quantity": 2})
    assert response.status_code == 200
    body = response.json()
    assert [(i["product"]["id"], i["quantity"]) for i in body["items"]] == [(product.pk, 2)]
    assert body["items"][0]["unit_price"] == "12500.00"
    assert body["items"][0]["line_total"] == "25000.00"
    assert body["items_total"] == "25000.00"
    assert body["can_checkout"] is True


def test_adding_a_product_again_adds_to_the_same_line(customer, customer_client):
    product = stocked_product()
    customer_client.post(ADD, {"product_id": product.pk, "quantity": 2})
    customer_client.post(ADD, {"product_id": product.pk, "quantity": 3})
    assert list(CartItem.objects.filter(cart__customer=customer).values_list("quantity")) == [(5,)]


def test_quantity_above_the_per_product_limit_is_refused(customer_client, settings):
    settings.CART_MAX_QUANTITY_PER_PRODUCT = 3
    product = stocked_product(50)
    customer_client.post(ADD, {"product_id": product.pk, "quantity": 2})
    response = customer_client.post(ADD, {"product_id": product.pk, "quantity": 2})
    assert response.status_code == 400
    assert _error(response) == "quantity_limit_exceeded"
    assert response.json()["error"]["details"]["max"] == 3
    assert CartItem.objects.get().quantity == 2


def test_more_than_sellable_stock_is_refused_with_409(customer_client):
    product = stocked_product(2)
    response = customer_client.post(ADD, {"product_id": product.pk, "quantity": 3})
    assert response.status_code == 409
    assert _error(response) == "insufficient_stock"
    assert response.json()["error"]["details"]["items"][0] == {
        "product_id": product.pk,
        "name": product.name_uz,
        "requested": 3,
        "available": 2,
    }
    assert not CartItem.objects.exists()


def test_a_product_without_stock_is_refused(customer_client):
    product = stocked_product(0)
    response = customer_client.post(ADD, {"product_id": product.pk, "quantity": 1})
    assert (response.status_code, _error(response)) == (409, "insufficient_stock")


@pytest.mark.parametrize("case", ["inactive", "unknown"])
def test_inactive_or_unknown_products_are_refused_with_400(customer_client, case):
    product_id = stocked_product(is_active=False).pk if case == "inactive" else 999_999
    response = customer_client.post(ADD, {"product_id": product_id, "quantity": 1})
    assert response.status_code == 400
    assert _error(response) == "product_unavailable"
    assert response.json()["error"]["details"]["items"] == [{"product_id": product_id}]


@pytest.mark.parametrize("body", [{"quantity": 1}, {"product_id": 1, "quantity": 0}])
def test_malformed_add_is_a_validation_error(customer_client, body):
    response = customer_client.post(ADD, body)
    assert (response.status_code, _error(response)) == (400, "validation_error")


def test_the_cart_holds_a_limited_number_of_products(customer, customer_client, settings):
    settings.CART_MAX_ITEMS = 2
    fill_cart(customer, [(stocked_product(), 1), (stocked_product(), 1)])
    response = customer_client.post(ADD, {"product_id": stocked_product().pk, "quantity": 1})
    assert (response.status_code, _error(response)) == (400, "cart_full")


def test_update_sets_the_quantity(customer, customer_client):
    item = cart_item_add(customer=customer, product_id=stocked_product().pk, quantity=1)
    response = customer_client.patch(_update(item.pk), {"quantity": 4})
    assert response.status_code == 200
    assert response.json()["items"][0]["quantity"] == 4


def test_update_checks_limit_and_stock(customer, customer_client, settings):
    settings.CART_MAX_QUANTITY_PER_PRODUCT = 5
    item = cart_item_add(customer=customer, product_id=stocked_product(3).pk, quantity=1)
    assert customer_client.patch(_update(item.pk), {"quantity": 6}).status_code == 400
    assert customer_client.patch(_update(item.pk), {"quantity": 4}).status_code == 409
    item.refresh_from_db()
    assert item.quantity == 1


def test_remove_and_clear(customer, customer_client):
    first = cart_item_add(customer=customer, product_id=stocked_product().pk, quantity=1)
    cart_item_add(customer=customer, product_id=stocked_product().pk, quantity=1)
    response = customer_client.delete(_remove(first.pk))
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    response = customer_client.delete(CLEAR)
    assert (response.status_code, response.json()["items"]) == (200, [])
    assert not CartItem.objects.exists()


def test_another_customers_cart_line_is_not_found(customer, customer_b_client):
    item = cart_item_add(customer=customer, product_id=stocked_product().pk, quantity=1)
    assert customer_b_client.patch(_update(item.pk), {"quantity": 2}).status_code == 404
    assert customer_b_client.delete(_remove(item.pk)).status_code == 404
    item.refresh_from_db()
    assert item.quantity == 1


# --- reading the cart --------------------------------------------------------------------------


def test_cart_shows_current_prices_not_those_when_added(customer, customer_client):
    product = stocked_product(price=Decimal("10000.00"))
    fill_cart(customer, [(product, 2)])
    product.price = Decimal("11000.00")
    product.save()
    body = customer_client.get(CART).json()
    assert (body["items"][0]["unit_price"], body["items_total"]) == ("11000.00", "22000.00")


def test_cart_warns_about_lines_that_cannot_be_bought_any_more(customer, customer_client):
    short, gone, inactive, fine = (stocked_product(5) for _ in range(4))
    fill_cart(customer, [(short, 4), (gone, 1), (inactive, 1), (fine, 1)])
    # After they were added, another buyer reserves stock and one product is withdrawn.
    place_order(CustomerFactory(), [(short, 3), (gone, 5)])
    inactive.is_active = False
    inactive.save()
    body = customer_client.get(CART).json()
    warnings = {
        i["product"]["id"]: (i["stock_warning"], i["available_quantity"]) for i in body["items"]
    }
    assert warnings == {
        short.pk: ("insufficient_stock", 2),
        gone.pk: ("out_of_stock", 0),
        inactive.pk: ("inactive", 5),
        fine.pk: (None, 5),
    }
    assert body["can_checkout"] is False


def test_cart_flags_prescription_items(customer, customer_client, settings):
    settings.ORDER_PRESCRIPTION_POLICY = "pickup_only"
    rx, otc = stocked_product(requires_prescription=True), stocked_product()
    fill_cart(customer, [(rx, 1), (otc, 1)])
    body = customer_client.get(CART).json()
    assert {i["product"]["id"]: i["requires_prescription"] for i in body["items"]} == {
        rx.pk: True,
        otc.pk: False,
    }
    assert (body["requires_prescription"], body["prescription_policy"]) == (True, "pickup_only")


def test_an_empty_cart(customer_client):
    body = customer_client.get(CART).json()
    assert (body["items"], body["items_total"], body["can_checkout"]) == ([], "0.00", False)


@pytest.mark.parametrize("lines", [1, 4, 12])
def test_reading_the_cart_takes_the_same_queries_whatever_its_size(
    customer, customer_client, django_assert_num_queries, lines
):
    fill_cart(customer, [(stocked_product(), 1) for _ in range(lines)])
    # user (authentication), cart lines with products, sellable stock
    with django_assert_num_queries(3):
        response = customer_client.get(CART)
    assert len(response.json()["items"]) == lines


# --- who may use the cart ----------------------------------------------------------------------

CART_ACCESS = {
    "anonymous": 401,
    "customer": 200,
    "customer_b": 200,
    "courier": 403,
    "courier_b": 403,
    "operator": 403,
    "admin": 403,
}


@pytest.mark.parametrize(("role", "expected"), CART_ACCESS.items())
@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", CART, None),
        ("post", ADD, "add"),
        ("delete", CLEAR, None),
    ],
    ids=["get", "add", "clear"],
)
def test_cart_permission_table(clients, role, expected, method, url, body):
    data = {"product_id": stocked_product().pk, "quantity": 1} if body else None
    response = getattr(clients[role], method)(url, data)
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    {**CART_ACCESS, "customer_b": 404}.items(),
)
@pytest.mark.parametrize("action", ["update", "remove"])
def test_cart_line_permission_table(clients, customer, role, expected, action):
    item = cart_item_add(customer=customer, product_id=stocked_product().pk, quantity=1)
    client = clients[role]
    if action == "update":
        response = client.patch(_update(item.pk), {"quantity": 2})
    else:
        response = client.delete(_remove(item.pk))
    assert response.status_code == expected
    assert CartItem.objects.filter(pk=item.pk).exists() == (expected != 200 or action == "update")
