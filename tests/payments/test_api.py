"""Starting a payment, following it, and the pay link the order (and so checkout) shows."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from apps.orders.models import OrderStatus
from apps.payments.models import Payment, PaymentStatus
from tests.payments.factories import advance, awaiting_order
from tests.payments.providers import (
    CLICK_MERCHANT_ID,
    CLICK_SERVICE_ID,
    PAYME_MERCHANT_ID,
    click_call,
    click_fields,
    payme_amount,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_settings")]

CREATE = reverse("payments-create")


def detail_url(payment_id: int) -> str:
    return reverse("payments-detail", args=[payment_id])


def decode_payme(url: str) -> dict:
    base, encoded = url.rsplit("/", 1)
    assert base == "https://checkout.paycom.uz"
    pairs = base64.b64decode(encoded).decode().split(";")
    return dict(pair.split("=", 1) for pair in pairs)


@pytest.fixture
def order(customer):
    return awaiting_order(customer)


# --- POST /payments/create/ ----------------------------------------------------------------------


CREATE_TABLE = {
    "anonymous": 401,
    "customer": 201,
    "customer_b": 404,
    "courier": 403,
    "courier_b": 403,
    "operator": 403,
    "admin": 403,
}


@pytest.mark.parametrize(("role", "expected"), CREATE_TABLE.items())
def test_create_permission_table(clients, order, role, expected):
    response = clients[role].post(CREATE, {"order_id": order.pk, "provider": "payme"})
    assert response.status_code == expected
    assert Payment.objects.exists() == (expected == 201)


def test_create_payme_gives_a_base64_link_back_to_the_order_page(customer_client, order):
    response = customer_client.post(
        CREATE, {"order_id": order.pk, "provider": "payme"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    body = response.json()
    payment = Payment.objects.get()

    assert body["payment_id"] == payment.pk
    assert decode_payme(body["checkout_url"]) == {
        "m": PAYME_MERCHANT_ID,
        "ac.order_id": order.number,
        "a": str(payme_amount(order)),
        "c": f"http://testserver/orders/{order.number}",
        "l": "ru",
    }
    assert (payment.status, payment.amount, payment.provider) == ("pending", order.total, "payme")


def test_create_click_gives_the_click_page_and_repeats_reuse_the_attempt(customer_client, order):
    first = customer_client.post(CREATE, {"order_id": order.pk, "provider": "click"})
    again = customer_client.post(CREATE, {"order_id": order.pk, "provider": "click"})
    url = urlsplit(first.json()["checkout_url"])

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://my.click.uz/services/pay"
    assert parse_qs(url.query) == {
        "service_id": [CLICK_SERVICE_ID],
        "merchant_id": [CLICK_MERCHANT_ID],
        "amount": ["39000.00"],
        "transaction_param": [order.number],
        "return_url": [f"http://testserver/orders/{order.number}"],
    }


def test_prepare_continues_the_attempt_the_customer_started(client, customer_client, order):
    payment_id = customer_client.post(CREATE, {"order_id": order.pk, "provider": "click"}).json()[
        "payment_id"
    ]
    fields = click_fields(order_number=order.number, amount=order.total, click_trans_id=77)
    assert click_call(client, fields)["merchant_prepare_id"] == payment_id


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("paid", 409, "order_already_paid"),
        ("cancelled", 409, "order_not_payable"),
        ("cash", 409, "order_not_payable"),
        ("not-configured", 400, "provider_not_available"),
        ("provider-cash", 400, "validation_error"),
    ],
)
def test_create_refusals(customer_client, customer, settings, client, case, status, code):
    order = awaiting_order(customer, method="cash" if case == "cash" else "payme")
    provider = "cash" if case == "provider-cash" else "click"
    if case == "paid":
        prepared = click_call(
            client, click_fields(order_number=order.number, amount=order.total, click_trans_id=3)
        )
        fields = click_fields(
            order_number=order.number,
            amount=order.total,
            click_trans_id=3,
            action=1,
            prepare_id=prepared["merchant_prepare_id"],
        )
        assert click_call(client, fields)["error"] == 0
    if case == "cancelled":
        advance(order, OrderStatus.CANCELLED)
    if case == "not-configured":
        settings.CLICK_SECRET_KEY = ""
    response = customer_client.post(CREATE, {"order_id": order.pk, "provider": provider})
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_create_with_unknown_order_is_404(customer_client):
    response = customer_client.post(CREATE, {"order_id": 987654, "provider": "payme"})
    assert response.status_code == 404


# --- GET /payments/{id}/ -------------------------------------------------------------------------


DETAIL_TABLE = {
    "anonymous": 401,
    "customer": 200,
    "customer_b": 404,
    "courier": 404,
    "courier_b": 404,
    "operator": 404,
    "admin": 404,
}


@pytest.mark.parametrize(("role", "expected"), DETAIL_TABLE.items())
def test_detail_permission_table(clients, order, role, expected):
    payment_id = clients["customer"].post(CREATE, {"order_id": order.pk, "provider": "payme"})
    response = clients[role].get(detail_url(payment_id.json()["payment_id"]))
    assert response.status_code == expected


def test_detail_follows_the_attempt_until_paid(client, customer_client, order):
    payment_id = customer_client.post(CREATE, {"order_id": order.pk, "provider": "click"}).json()[
        "payment_id"
    ]
    pending = customer_client.get(detail_url(payment_id)).json()
    prepared = click_call(
        client, click_fields(order_number=order.number, amount=order.total, click_trans_id=8)
    )
    click_call(
        client,
        click_fields(
            order_number=order.number,
            amount=order.total,
            click_trans_id=8,
            action=1,
            prepare_id=prepared["merchant_prepare_id"],
        ),
    )
    done = customer_client.get(detail_url(payment_id)).json()

    assert pending["status"] == "pending"
    assert pending["checkout_url"].startswith("https://my.click.uz/")
    assert pending["order_is_paid"] is False
    assert done["status"] == PaymentStatus.PAID
    assert done["order_number"] == order.number
    assert done["amount"] == "39000.00"
    assert done["checkout_url"] is None
    assert done["order_is_paid"] is True
    assert done["paid_at"]


def test_detail_runs_a_fixed_number_of_queries(customer_client, order, django_assert_num_queries):
    payment_id = customer_client.post(CREATE, {"order_id": order.pk, "provider": "payme"}).json()[
        "payment_id"
    ]
    with django_assert_num_queries(2):  # the user, the payment with its order
        customer_client.get(detail_url(payment_id))


# --- the pay link on the order (and so on checkout) ----------------------------------------------


def test_checkout_reply_carries_the_pay_link(customer_client, customer):
    from tests.orders.factories import fill_cart, stocked_product

    fill_cart(customer, [(stocked_product(), 1)])
    response = customer_client.post(
        reverse("checkout"),
        {"payment_method": "payme", "delivery_type": "pickup"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="pay-link-1",
    )
    link = response.json()["payment"]["checkout_url"]
    number = response.json()["number"]
    assert response.status_code == 201
    assert decode_payme(link)["ac.order_id"] == number
    assert Payment.objects.count() == 0  # a link alone writes nothing


def test_order_detail_shows_no_link_for_cash_or_paid_orders(customer_client, customer, client):
    cash = awaiting_order(customer, method="cash")
    body = customer_client.get(reverse("order-detail", args=[cash.number])).json()
    assert body["payment"]["checkout_url"] is None

    order = awaiting_order(customer, method="click")
    url = customer_client.get(reverse("order-detail", args=[order.number])).json()
    assert url["payment"]["checkout_url"].startswith("https://my.click.uz/")
    prepared = click_call(
        client, click_fields(order_number=order.number, amount=order.total, click_trans_id=9)
    )
    click_call(
        client,
        click_fields(
            order_number=order.number,
            amount=order.total,
            click_trans_id=9,
            action=1,
            prepare_id=prepared["merchant_prepare_id"],
        ),
    )
    body = customer_client.get(reverse("order-detail", args=[order.number])).json()
    assert body["payment"]["checkout_url"] is None


def test_links_lead_to_the_simulator_when_it_is_on(customer_client, order, settings):
    settings.PAYMENTS_SIMULATOR_ENABLED = True
    body = customer_client.post(CREATE, {"order_id": order.pk, "provider": "payme"}).json()
    expected = reverse("payments-simulator", args=["payme", order.number])
    assert body["checkout_url"] == f"http://testserver{expected}"


def test_an_attempt_left_pending_is_closed_when_the_order_is_paid_otherwise(
    client, customer_client, order
):
    payme_attempt = customer_client.post(CREATE, {"order_id": order.pk, "provider": "payme"})
    prepared = click_call(
        client, click_fields(order_number=order.number, amount=order.total, click_trans_id=10)
    )
    click_call(
        client,
        click_fields(
            order_number=order.number,
            amount=order.total,
            click_trans_id=10,
            action=1,
            prepare_id=prepared["merchant_prepare_id"],
        ),
    )
    body = customer_client.get(detail_url(payme_attempt.json()["payment_id"])).json()
    assert (body["status"], body["checkout_url"], body["order_is_paid"]) == (
        "cancelled",
        None,
        True,
    )
