"""Where the customer pays: Payme's checkout (base64 parameters) or Click's payment page, each
with a return URL to the SPA's order page. Both links are unsigned: our callbacks re-check the
order and the amount, and only a performed/completed callback means "paid". With the
development simulator on, links lead to the simulator instead."""

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from apps.core.money import som_to_tiyin
from apps.orders.models import Order

from .models import PaymentProvider

LINK_LANGUAGES = ("uz", "ru", "en")


def simulator_enabled() -> bool:
    return bool(settings.DEBUG or settings.PAYMENTS_SIMULATOR_ENABLED)


def provider_available(provider: str) -> bool:
    """True when the provider's credentials are configured (the simulator signs with them)."""
    if provider == PaymentProvider.PAYME:
        return bool(settings.PAYME_MERCHANT_ID and settings.PAYME_KEY)
    if provider == PaymentProvider.CLICK:
        return bool(
            settings.CLICK_SERVICE_ID and settings.CLICK_MERCHANT_ID and settings.CLICK_SECRET_KEY
        )
    return False


def _absolute(request: HttpRequest | None, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def order_return_url(*, order: Order, request: HttpRequest | None) -> str:
    """The SPA's page of the order, where the customer lands after paying."""
    return _absolute(request, f"/orders/{order.number}")


def _language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in LINK_LANGUAGES else "uz"


def payme_checkout_url(*, order: Order, return_url: str) -> str:
    params = ";".join(
        (
            f"m={settings.PAYME_MERCHANT_ID}",
            f"ac.order_id={order.number}",
            f"a={som_to_tiyin(order.total)}",
            f"c={return_url}",
            f"l={_language()}",
        )
    )
    encoded = base64.b64encode(params.encode()).decode()
    return f"{settings.PAYME_CHECKOUT_URL.rstrip('/')}/{encoded}"


def click_checkout_url(*, order: Order, return_url: str) -> str:
    query = urlencode(
        {
            "service_id": settings.CLICK_SERVICE_ID,
            "merchant_id": settings.CLICK_MERCHANT_ID,
            "amount": f"{order.total:.2f}",
            "transaction_param": order.number,
            "return_url": return_url,
        }
    )
    return f"{settings.CLICK_CHECKOUT_URL}?{query}"


def checkout_url(*, order: Order, provider: str, request: HttpRequest | None) -> str:
    if simulator_enabled():
        path = reverse("payments-simulator", args=[provider, order.number])
        return _absolute(request, path)
    return_url = order_return_url(order=order, request=request)
    if provider == PaymentProvider.PAYME:
        return payme_checkout_url(order=order, return_url=return_url)
    return click_checkout_url(order=order, return_url=return_url)


def order_payment_link(*, order: Order, request: HttpRequest | None) -> str | None:
    """The pay link of an order awaiting online payment with the provider chosen at checkout
    (registered with the orders app, which calls it only while the order accepts payment)."""
    if not provider_available(order.payment_method):
        return None
    return checkout_url(order=order, provider=order.payment_method, request=request)
