"""Payme `PerformTransaction` under load: the webhook Payme calls when the money is taken.

Setup (in process, untimed, before the measurements): for each request to come, a customer's
cart gets an over-the-counter product, the checkout makes a Payme order awaiting payment, and
`CreateTransaction` opens its transaction (state 1), all through our own services. Each timed
request is then a real `POST /api/v1/payments/payme/` with `PerformTransaction {id}` and the
Basic auth header Payme sends (`Paycom:<PAYME_KEY>`): lock the payment and the order, mark the
order paid, record its history and the payment's state 2, write the payment log.

No naive baseline: a webhook has no "naive implementation" that answers the same thing more
simply. Dropping the row locks or the state checks does not make a slower correct handler but
a wrong one (a double perform pays twice, a perform racing a cancel loses the refund), so
there is nothing meaningful to compare. The limit is the same state change written by one
statement of data-modifying CTEs (payment state 2 and paid, order paid, its history row and a
payment log row), timed in process on transactions of its own.

If the load sends more requests than transactions were opened, the extra ones replay
performed transactions (Payme's retry: the stored result is returned); the harness prints it.
"""

import base64
import os
import uuid

from django.conf import settings
from django.db import transaction
from tqdm import tqdm

from apps.core.money import som_to_tiyin
from apps.orders.services.cart import cart_item_add
from apps.orders.services.checkout import order_checkout
from apps.payments.clock import now_ms
from apps.payments.services.payme import payme_create
from apps.users.models import User
from bench.load import Scenario

QUICK = os.environ.get("BENCH_QUICK") == "1"
POOL = int(os.environ.get("BENCH_PAYME_ORDERS", 300 if QUICK else 800))
LIMIT_POOL = 40 if QUICK else 220  # the limit's own runs (bench/run.py LIMIT_RUNS + warm-up)
PROFILE_POOL = 25  # the in-process profile (bench/run.py PROFILE_RUNS + warm-up)
PATH = "/api/v1/payments/payme/"

PERFORM_SQL = """
WITH payment AS (
    UPDATE payments_payment p SET state = 2, status = 'paid', perform_time = %(now_ms)s,
        paid_at = now(), updated_at = now()
    WHERE p.payme_transaction_id = %(id)s AND p.state = 1
    RETURNING p.id, p.order_id, p.payme_transaction_id, p.perform_time
), paid AS (
    UPDATE orders_order o SET status = 'paid', paid_at = now(), updated_at = now(),
        payment_reference = 'payme:' || payment.payme_transaction_id
    FROM payment WHERE o.id = payment.order_id AND o.status = 'awaiting_payment'
    RETURNING o.id
), history AS (
    INSERT INTO orders_orderstatushistory (order_id, from_status, to_status, actor_role,
        reason, created_at)
    SELECT id, 'awaiting_payment', 'paid', '', 'Payment', now() FROM paid
), log AS (
    INSERT INTO payments_paymentlog (payment_id, order_id, provider, kind, action, request,
        response, outcome, from_status, to_status, created_at)
    SELECT id, order_id, 'payme', 'callback', 'PerformTransaction', '{}', '{}', '',
        'processing', 'paid', now() FROM payment
)
SELECT payment.id, payment.perform_time FROM payment
"""


def payme_authorization() -> str:
    token = base64.b64encode(f"{settings.PAYME_LOGIN}:{settings.PAYME_KEY}".encode()).decode()
    return f"Basic {token}"


def transactions_open(customer_ids: list[int], product_ids: list[int], count: int) -> list[str]:
    """`count` Payme orders awaiting payment, each with an open transaction (state 1); returns
    the Payme transaction ids."""
    customers = User.objects.in_bulk(customer_ids)
    opened = []
    for n in tqdm(range(count), unit="transactions", desc="Payme setup"):
        customer = customers[customer_ids[n % len(customer_ids)]]
        with transaction.atomic():
            cart_item_add(
                customer=customer, product_id=product_ids[n % len(product_ids)], quantity=1
            )
        order = order_checkout(
            customer=customer,
            idempotency_key=uuid.uuid4().hex,
            payment_method="payme",
            delivery_type="pickup",
        ).order
        payme_id = uuid.uuid4().hex[:24]
        payme_create(
            payme_id=payme_id,
            time=now_ms(),
            amount=som_to_tiyin(order.total),
            account={"order_id": order.number},
        )
        opened.append(payme_id)
    return opened


class _Perform:
    """Each request performs the next opened transaction (its own counter: the load generator
    numbers the requests of every level from 0 again); past the pool, a replay."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.highest = -1
        self.headers = {"Authorization": payme_authorization()}

    def __call__(self, _i: int):
        self.highest += 1
        i = self.highest
        body = {
            "method": "PerformTransaction",
            "params": {"id": self.ids[i % len(self.ids)]},
            "id": i,
        }
        return ("POST", PATH, body, self.headers, [])

    @property
    def replays(self) -> int:
        return max(0, self.highest + 1 - len(self.ids))

    def performed(self) -> int:
        """How many of the pool's transactions are performed (state 2) now."""
        from apps.payments.models import Payment

        return Payment.objects.filter(payme_transaction_id__in=self.ids, state=2).count()


def _limit_perform(ids: list[str]):
    queue = iter(ids)

    def produce(limit) -> bytes:
        import orjson

        payme_id = next(queue)
        with limit.connection.transaction():
            row = limit.connection.execute(
                PERFORM_SQL, {"id": payme_id, "now_ms": now_ms()}
            ).fetchone()
        return orjson.dumps(
            {"result": {"transaction": str(row[0]), "perform_time": row[1], "state": 2}}
        )

    return produce


def scenarios(context) -> list:
    # Customers of their own (the last thousand), products beyond the checkout scenarios' hot one.
    customers = context.customers[-1000:]
    products = context.sale_ids[1:]
    ids = transactions_open(customers, products, 1 + POOL + LIMIT_POOL + PROFILE_POOL)
    probe, pool = ids[0], ids[1 : POOL + 1]
    limit_ids, profile_ids = ids[POOL + 1 : -PROFILE_POOL], ids[-PROFILE_POOL:]
    perform = _Perform(pool)
    context.extra["payme_perform"] = perform

    def probe_request(_i: int):
        body = {"method": "PerformTransaction", "params": {"id": probe}, "id": 0}
        return ("POST", PATH, body, perform.headers, [])

    return [
        Scenario(
            "Payme PerformTransaction",
            perform,
            limit=_limit_perform(limit_ids),
            probe=probe_request,
            profile=_Perform(profile_ids),
        )
    ]
