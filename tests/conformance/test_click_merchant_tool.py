"""Click's merchant test tool, its 15 steps in order, over HTTP against the running app with
real md5 signatures. Step 8 is the disputed one: the reply code is the
CLICK_CANCEL_CONFIRMED_ERROR setting (default -4); the order stays paid either way."""

import pytest

from apps.orders.models import OrderStatus
from apps.payments.models import Payment, PaymentStatus
from tests.payments.factories import awaiting_order
from tests.payments.providers import ClickHttp, click_fields

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("provider_settings")]


@pytest.mark.parametrize("disputed_code", [-4, -9])
def test_fifteen_steps(live_server, settings, disputed_code):
    settings.CLICK_CANCEL_CONFIRMED_ERROR = disputed_code
    click = ClickHttp(live_server.url)
    first, second, third = (awaiting_order(method="click") for _ in range(3))

    def prepare(order, trans_id, **extra):
        return click(
            click_fields(
                order_number=order.number, amount=order.total, click_trans_id=trans_id, **extra
            )
        )

    def complete(order, trans_id, prepare_id, **extra):
        fields = {"order_number": order.number, "amount": order.total, "click_trans_id": trans_id}
        return click(click_fields(action=1, prepare_id=prepare_id, **(fields | extra)))

    # 1-3: Prepare with a bad signature, for an unknown order, then for real.
    assert prepare(first, 7001, secret="wrong")["error"] == -1
    unknown = click(click_fields(order_number="DX-00000000", amount="1000", click_trans_id=7001))
    assert unknown["error"] == -5
    prepared = prepare(first, 7001)
    assert prepared["error"] == 0
    prepare_id = prepared["merchant_prepare_id"]
    # 4-8: Complete with a bad signature, a wrong amount, for real, again, then a failure.
    assert complete(first, 7001, prepare_id, secret="wrong")["error"] == -1
    assert complete(first, 7001, prepare_id, amount="300")["error"] == -2
    confirmed = complete(first, 7001, prepare_id)
    assert (confirmed["error"], confirmed["merchant_confirm_id"]) == (0, prepare_id)
    assert complete(first, 7001, prepare_id)["error"] == -4
    assert complete(first, 7001, prepare_id, error=-5017)["error"] == disputed_code
    first.refresh_from_db()
    assert first.status == OrderStatus.PAID
    # 9-11: a new payment; Complete with an unknown prepare id, then for real.
    prepared = prepare(second, 7002)
    assert prepared["error"] == 0
    assert complete(second, 7002, 999999999)["error"] == -6
    assert complete(second, 7002, prepared["merchant_prepare_id"])["error"] == 0
    # 12-15: a new payment that Click cancels; repeated; then a success on the cancelled one.
    prepared = prepare(third, 7003)
    assert prepared["error"] == 0
    cancelled_id = prepared["merchant_prepare_id"]
    assert complete(third, 7003, cancelled_id, error=-5017)["error"] == -9
    assert complete(third, 7003, cancelled_id, error=-5017)["error"] == -9
    assert complete(third, 7003, cancelled_id)["error"] == -9
    third.refresh_from_db()
    assert third.paid_at is None
    assert Payment.objects.get(pk=cancelled_id).status == PaymentStatus.CANCELLED
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 2
