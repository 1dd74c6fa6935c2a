"""The development pay simulator: plays Payme/Click against our own webhooks over HTTP with
real credentials; 404 unless DEBUG or PAYMENTS_SIMULATOR_ENABLED."""

import pytest
import requests
from django.urls import reverse

from apps.orders.models import OrderStatus
from apps.payments.models import Payment, PaymentStatus
from tests.conftest import free_port
from tests.payments.factories import awaiting_order

pytestmark = pytest.mark.usefixtures("provider_settings")


@pytest.fixture
def simulator_on(provider_settings):
    provider_settings.PAYMENTS_SIMULATOR_ENABLED = True


def simulator_url(provider: str, order) -> str:
    return reverse("payments-simulator", args=[provider, order.number])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("simulator_on")
@pytest.mark.parametrize(
    ("provider", "calls"),
    [
        ("payme", ["CheckPerformTransaction", "CreateTransaction", "PerformTransaction"]),
        ("click", ["prepare", "complete"]),
    ],
)
def test_simulator_pays_through_our_own_webhooks(live_server, provider, calls):
    order = awaiting_order(method=provider)
    page = requests.get(live_server.url + simulator_url(provider, order), timeout=10)
    assert page.status_code == 200
    assert order.number in page.text

    response = requests.post(
        live_server.url + simulator_url(provider, order), json={"outcome": "pay"}, timeout=20
    )
    body = response.json()
    order.refresh_from_db()

    assert response.status_code == 200
    assert [step["call"] for step in body["steps"]] == calls
    assert body["is_paid"] is True
    assert body["return_url"] == f"{live_server.url}/orders/{order.number}"
    assert order.status == OrderStatus.PAID
    assert Payment.objects.get(status=PaymentStatus.PAID).provider == provider


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("simulator_on")
@pytest.mark.parametrize("provider", ["payme", "click"])
def test_simulated_failure_leaves_the_order_payable_and_the_form_redirects(live_server, provider):
    order = awaiting_order(method=provider)
    response = requests.post(
        live_server.url + simulator_url(provider, order),
        data={"outcome": "fail", "redirect": "true"},
        allow_redirects=False,
        timeout=20,
    )
    order.refresh_from_db()

    assert response.status_code == 303
    assert response.headers["Location"] == f"{live_server.url}/orders/{order.number}"
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert Payment.objects.get().status == PaymentStatus.CANCELLED


ROLES = ("anonymous", "customer", "customer_b", "courier", "courier_b", "operator", "admin")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
def test_simulator_is_404_for_everyone_when_off(clients, customer, method, role):
    order = awaiting_order(customer)
    response = getattr(clients[role], method)(simulator_url("payme", order))
    assert response.status_code == 404
    assert not Payment.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("simulator_on")
def test_simulator_knows_only_online_providers_and_real_orders(client):
    order = awaiting_order()
    assert client.get(simulator_url("cash", order)).status_code == 404
    assert (
        client.get(reverse("payments-simulator", args=["payme", "DX-NOSUCH00"])).status_code == 404
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("simulator_on")
@pytest.mark.parametrize("provider", ["payme", "click"])
def test_an_unreachable_webhook_is_a_503_and_the_order_stays_payable(client, settings, provider):
    """The simulator calls the webhooks on the host the browser used; when nothing answers
    there (here a closed port; under load, every worker busy) the caller gets a 503."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    order = awaiting_order(method=provider)
    response = client.post(
        simulator_url(provider, order), {"outcome": "pay"}, HTTP_HOST=f"127.0.0.1:{free_port()}"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (
        503,
        "simulator_webhook_unavailable",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
