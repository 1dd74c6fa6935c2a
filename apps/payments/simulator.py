"""Development pay simulator: plays Payme (CheckPerformTransaction → CreateTransaction →
PerformTransaction, or CancelTransaction for a failed payment) or Click (Prepare → Complete)
against our own webhooks, over HTTP, with the configured credentials and real signatures. So
`make run` shows a whole online payment without the internet and end-to-end tests can pay.

Only reachable when `DEBUG` or `PAYMENTS_SIMULATOR_ENABLED` is on (see `links.simulator_enabled`).
It calls the webhooks on the host the browser used, outside any database transaction."""

import base64
import secrets
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.core.money import som_to_tiyin
from apps.orders.models import Order

from .click.protocol import ClickAction, click_sign
from .clock import now_ms
from .errors import SimulatorWebhookUnavailable
from .models import PaymeCancelReason, PaymentProvider

TIMEOUT_SECONDS = 10
CLICK_FAILURE_ERROR = -5017  # Click's "insufficient funds" style failure used in its test tool


class SimulatorOutcome:
    PAY = "pay"
    FAIL = "fail"


@dataclass(frozen=True)
class SimulatorStep:
    call: str
    request: dict
    response: dict


@dataclass
class Simulation:
    provider: str
    outcome: str
    steps: list[SimulatorStep] = field(default_factory=list)

    @property
    def is_paid(self) -> bool:
        if self.outcome != SimulatorOutcome.PAY or not self.steps:
            return False
        last = self.steps[-1]
        if self.provider == PaymentProvider.PAYME:
            return last.call == "PerformTransaction" and "result" in last.response
        return last.call == "complete" and last.response.get("error") == 0


def _post(url: str, **kwargs) -> dict:
    """One call of our own webhook; any failure to get its JSON answer is a 503 for the caller."""
    try:
        return requests.post(url, timeout=TIMEOUT_SECONDS, **kwargs).json()
    except (requests.RequestException, ValueError) as error:
        raise SimulatorWebhookUnavailable(details={"url": url}) from error


def _payme_call(simulation: Simulation, *, url: str, method: str, params: dict) -> dict:
    credentials = f"{settings.PAYME_LOGIN}:{settings.PAYME_KEY}".encode()
    payload = {"method": method, "params": params, "id": len(simulation.steps) + 1}
    response = _post(
        url,
        json=payload,
        headers={"Authorization": "Basic " + base64.b64encode(credentials).decode()},
    )
    simulation.steps.append(SimulatorStep(call=method, request=payload, response=response))
    return response


def payme_play(*, order: Order, webhook_url: str, outcome: str) -> Simulation:
    simulation = Simulation(provider=PaymentProvider.PAYME, outcome=outcome)
    amount, account = som_to_tiyin(order.total), {"order_id": order.number}
    check = _payme_call(
        simulation,
        url=webhook_url,
        method="CheckPerformTransaction",
        params={"amount": amount, "account": account},
    )
    if "error" in check:
        return simulation
    payme_id = secrets.token_hex(12)
    created = _payme_call(
        simulation,
        url=webhook_url,
        method="CreateTransaction",
        params={"id": payme_id, "time": now_ms(), "amount": amount, "account": account},
    )
    if "error" in created:
        return simulation
    if outcome == SimulatorOutcome.PAY:
        _payme_call(
            simulation, url=webhook_url, method="PerformTransaction", params={"id": payme_id}
        )
    else:
        _payme_call(
            simulation,
            url=webhook_url,
            method="CancelTransaction",
            params={"id": payme_id, "reason": PaymeCancelReason.EXECUTION_FAILED},
        )
    return simulation


def _click_call(simulation: Simulation, *, url: str, call: str, fields: dict) -> dict:
    signed = {
        **fields,
        "sign_string": click_sign(fields=fields, secret_key=settings.CLICK_SECRET_KEY),
    }
    response = _post(url, data=signed)
    simulation.steps.append(SimulatorStep(call=call, request=signed, response=response))
    return response


def click_play(*, order: Order, prepare_url: str, complete_url: str, outcome: str) -> Simulation:
    simulation = Simulation(provider=PaymentProvider.CLICK, outcome=outcome)
    fields = {
        "click_trans_id": str(secrets.randbelow(9 * 10**11) + 10**11),
        "service_id": str(settings.CLICK_SERVICE_ID),
        "click_paydoc_id": str(secrets.randbelow(9 * 10**11) + 10**11),
        "merchant_trans_id": order.number,
        "amount": f"{order.total:.2f}",
        "action": str(ClickAction.PREPARE),
        "error": "0",
        "error_note": "Success",
        "sign_time": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
    }
    prepared = _click_call(simulation, url=prepare_url, call="prepare", fields=fields)
    if prepared.get("error") != 0:
        return simulation
    failed = outcome != SimulatorOutcome.PAY
    _click_call(
        simulation,
        url=complete_url,
        call="complete",
        fields={
            **fields,
            "action": str(ClickAction.COMPLETE),
            "merchant_prepare_id": str(prepared["merchant_prepare_id"]),
            "error": str(CLICK_FAILURE_ERROR) if failed else "0",
            "error_note": "Insufficient funds" if failed else "Success",
        },
    )
    return simulation


def simulator_play(*, order: Order, provider: str, outcome: str, base_url: str) -> Simulation:
    """Play `provider` paying (or failing to pay) `order` against the webhooks at `base_url`."""
    if provider == PaymentProvider.PAYME:
        return payme_play(
            order=order, webhook_url=urljoin(base_url, reverse("payments-payme")), outcome=outcome
        )
    return click_play(
        order=order,
        prepare_url=urljoin(base_url, reverse("payments-click-prepare")),
        complete_url=urljoin(base_url, reverse("payments-click-complete")),
        outcome=outcome,
    )
