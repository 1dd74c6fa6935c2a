"""A year of historical orders for the benchmarks, generated inside PostgreSQL.

`orders_ensure(count=1_000_000)` adds the orders that are missing (it counts the ones it made
before, numbered `HIST…`), in chunks of CHUNK orders, each chunk one transaction of a few
`INSERT … SELECT … FROM generate_series` statements: the orders of the benchmark customers
spread over the last 365 days (all handed over by now), their 1-3 lines (catalog products at
catalog prices), the payments of paid Payme/Click orders and of cash handed to a courier, the
deliveries of courier orders and the courier's on-the-way/delivered history. Nothing crosses
the wire but the SQL, so a million orders take minutes on two cores. `rollups_ensure` then
computes the dashboard roll-ups of every day that has none yet, so the admin dashboard reads
them.

The status mix follows the dashboard benchmark it replaces: 55 % delivered, 10 % cancelled,
3 % refunded, the rest in flight; 80 % by courier; Payme, Click and cash a third each (orders
that were paid or refunded online are Payme or Click). The random generator is seeded per
chunk, so the same counts give the same data.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from apps.core.roles import Role
from apps.users.models import User

CHUNK = 50_000
DAYS = 365
NUMBER_PREFIX = "HIST"
COURIER_PHONE_PREFIX = "+99878"  # +99878 0000001 ...: the benchmark's couriers
COURIERS = 40
PRODUCTS = 2_000  # distinct catalog products that appear in the history

# Cumulative status weights (see the module docstring).
STATUS_CASE = """
    CASE
        WHEN rs < 0.55 THEN 'delivered'
        WHEN rs < 0.65 THEN 'cancelled'
        WHEN rs < 0.68 THEN 'refunded'
        WHEN rs < 0.74 THEN 'paid'
        WHEN rs < 0.78 THEN 'preparing'
        WHEN rs < 0.81 THEN 'ready_for_delivery'
        WHEN rs < 0.84 THEN 'on_the_way'
        WHEN rs < 0.90 THEN 'awaiting_payment'
        WHEN rs < 0.94 THEN 'awaiting_prescription'
        ELSE 'created'
    END"""

# One chunk: draw the orders, write their lines, then the orders with the totals of their
# lines, then payments, deliveries and history. %(...)s are parameters.
CHUNK_SQL = [
    "DROP TABLE IF EXISTS bench_gen",  # inside an outer transaction ON COMMIT has not come
    f"""
    CREATE TEMP TABLE bench_gen ON COMMIT DROP AS
    SELECT id, created, status,
           CASE
               WHEN status IN ('refunded', 'paid', 'awaiting_payment')
                   THEN CASE WHEN rm < 0.5 THEN 'payme' ELSE 'click' END
               WHEN rm < 0.3333 THEN 'payme' WHEN rm < 0.6667 THEN 'click' ELSE 'cash'
           END AS method,
           courier, lines, customer_id, courier_id, product_base,
           created + (60 + floor(rx * 240)) * interval '1 minute' AS delivered,
           rx < 0.2 AS rx_order
    FROM (
        SELECT id,
               now() - interval '6 hours'
                   - random() * (interval '{DAYS} days' - interval '6 hours') AS created,
               {STATUS_CASE} AS status,
               rm, random() < 0.8 AS courier, 1 + floor(random() * 3)::int AS lines,
               (%(customers)s::bigint[])[1 + floor(random() * %(n_customers)s)::int]
                   AS customer_id,
               (%(couriers)s::bigint[])[1 + floor(random() * %(n_couriers)s)::int]
                   AS courier_id,
               floor(random() * %(n_products)s)::int AS product_base,
               random() AS rx
        FROM (SELECT id, random() AS rs, random() AS rm
              FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS id) AS draw
    ) AS drawn
    """,
    # A temporary table has no statistics until analysed: without them the planner may join
    # the lines to the catalog by scanning it once per line.
    "ANALYZE bench_gen",
    """
    INSERT INTO orders_orderitem (order_id, product_id, product_name, unit_price, quantity,
        line_total, requires_prescription, ikpu_code, package_code, vat_percent)
    SELECT g.id, p.id, p.name_uz, p.price, line.quantity, p.price * line.quantity,
           p.requires_prescription, p.ikpu_code, p.package_code, p.vat_percent
    FROM bench_gen AS g
    CROSS JOIN LATERAL (
        SELECT (%(products)s::bigint[])[1 + (g.product_base + n * 7) %% %(n_products)s]
                   AS product_id,
               1 + floor(random() * 3)::int AS quantity
        FROM generate_series(1, g.lines) AS n
    ) AS line
    JOIN products_product AS p ON p.id = line.product_id
    """,
    """
    INSERT INTO orders_order (id, created_at, updated_at, number, status, payment_method,
        delivery_type, address_text, customer_note, items_total, delivery_fee, total,
        requires_prescription, prescription_claimed, stock_state, paid_at, payment_reference,
        delivered_at, cancelled_at, idempotency_key, request_fingerprint, customer_id)
    SELECT g.id, g.created,
           CASE WHEN g.status = 'delivered' THEN g.delivered ELSE g.created END,
           %(prefix)s || lpad(g.id::text, 12, '0'), g.status, g.method,
           CASE WHEN g.courier THEN 'courier' ELSE 'pickup' END,
           CASE WHEN g.courier THEN 'Toshkent, Chilonzor 1' ELSE '' END, '',
           items.total, CASE WHEN g.courier THEN 15000 ELSE 0 END,
           items.total + CASE WHEN g.courier THEN 15000 ELSE 0 END,
           g.rx_order, false,
           CASE WHEN g.status = 'delivered' THEN 'sold'
                WHEN g.status IN ('cancelled', 'refunded') THEN 'released'
                ELSE 'reserved' END,
           CASE WHEN g.online_paid THEN g.created + interval '2 minutes' END,
           CASE WHEN g.online_paid THEN 'hist-' || g.id ELSE '' END,
           CASE WHEN g.status = 'delivered' THEN g.delivered END,
           CASE WHEN g.status = 'cancelled' THEN g.created + interval '30 minutes' END,
           'hist-' || g.id, '', g.customer_id
    FROM (
        SELECT *, method <> 'cash' AND status IN (
            'paid', 'preparing', 'ready_for_delivery', 'on_the_way', 'delivered', 'refunded'
        ) AS online_paid
        FROM bench_gen
    ) AS g
    JOIN (
        SELECT order_id, sum(line_total) AS total FROM orders_orderitem
        WHERE order_id BETWEEN %(first)s AND %(last)s GROUP BY order_id
    ) AS items ON items.order_id = g.id
    """,
    # Payme and Click payments of the orders paid online; the cash a courier collected.
    """
    INSERT INTO payments_payment (created_at, updated_at, provider, amount, status,
        create_time, perform_time, cancel_time, payme_transaction_id, payme_time, state,
        account, fiscal_detail, fiscal_perform, fiscal_cancel, click_trans_id, click_paydoc_id,
        provider_error_note, paid_at, refunded_at, refund_attempts, needs_review,
        refunded_amount, collected_by_id, order_id)
    SELECT o.created_at, o.updated_at, o.payment_method, o.total,
           CASE WHEN o.status = 'refunded' THEN 'refunded' ELSE 'paid' END,
           ms, ms + 120000, CASE WHEN o.status = 'refunded' THEN ms + 86400000 ELSE 0 END,
           CASE WHEN o.payment_method = 'payme' THEN 'hist' || lpad(o.id::text, 20, '0') END,
           CASE WHEN o.payment_method = 'payme' THEN ms END,
           CASE WHEN o.payment_method <> 'payme' THEN NULL
                WHEN o.status = 'refunded' THEN -2 ELSE 2 END,
           jsonb_build_object('order_id', o.id), '{}', '{}', '{}',
           CASE WHEN o.payment_method = 'click' THEN o.id END,
           CASE WHEN o.payment_method = 'click' THEN o.id END,
           '', coalesce(o.paid_at, o.delivered_at),
           CASE WHEN o.status = 'refunded' THEN o.created_at + interval '1 day' END, 0, false,
           0, CASE WHEN o.payment_method = 'cash' THEN g.courier_id END, o.id
    FROM orders_order AS o
    JOIN bench_gen AS g ON g.id = o.id
    CROSS JOIN LATERAL (SELECT (extract(epoch FROM o.created_at) * 1000)::bigint AS ms) AS t
    WHERE o.id BETWEEN %(first)s AND %(last)s
      AND (o.paid_at IS NOT NULL
           OR (o.payment_method = 'cash' AND o.status = 'delivered'
               AND o.delivery_type = 'courier'))
    """,
    # Deliveries of courier orders that reached the courier stage.
    """
    INSERT INTO delivery_delivery (created_at, updated_at, status, attempt, address_text,
        assigned_at, picked_up_at, on_the_way_at, delivered_at, failure_reason, failure_note,
        handover_code_hash, handover_failed_attempts, proof_method, proof_photo, proof_note,
        courier_id, order_id)
    SELECT g.created + interval '40 minutes', o.updated_at,
           CASE o.status WHEN 'ready_for_delivery' THEN 'ready'
                         WHEN 'on_the_way' THEN 'on_the_way' ELSE 'delivered' END,
           1, o.address_text,
           CASE WHEN o.status <> 'ready_for_delivery' THEN off END,
           CASE WHEN o.status <> 'ready_for_delivery' THEN off END,
           CASE WHEN o.status <> 'ready_for_delivery' THEN off END,
           o.delivered_at, '', '', '', 0,
           CASE WHEN o.status = 'delivered' THEN 'code' ELSE '' END, '', '',
           CASE WHEN o.status <> 'ready_for_delivery' THEN g.courier_id END, o.id
    FROM orders_order AS o
    JOIN bench_gen AS g ON g.id = o.id
    CROSS JOIN LATERAL (SELECT g.delivered - interval '45 minutes' AS off) AS t
    WHERE o.id BETWEEN %(first)s AND %(last)s AND o.delivery_type = 'courier'
      AND o.status IN ('ready_for_delivery', 'on_the_way', 'delivered')
    """,
    # The courier's part of the order history (what the courier league is computed from).
    """
    INSERT INTO orders_orderstatushistory (order_id, from_status, to_status, actor_id,
        actor_role, reason, created_at)
    SELECT g.id, step.from_status, step.to_status, g.courier_id, 'courier', '', step.at
    FROM bench_gen AS g
    CROSS JOIN LATERAL (VALUES
        ('ready_for_delivery', 'on_the_way', g.delivered - interval '45 minutes'),
        ('on_the_way', 'delivered', g.delivered)
    ) AS step (from_status, to_status, at)
    WHERE g.courier AND (g.status = 'delivered'
                         OR (g.status = 'on_the_way' AND step.to_status = 'on_the_way'))
    """,
]


def couriers_ensure(*, count: int = COURIERS) -> list[int]:
    """`count` couriers +99878NNNNNNN (they cannot sign in: unusable password)."""
    wanted = [f"{COURIER_PHONE_PREFIX}{i:07d}" for i in range(1, count + 1)]
    existing = set(
        User.objects.filter(phone_number__in=wanted).values_list("phone_number", flat=True)
    )
    password = make_password(None)
    now = timezone.now()
    User.objects.bulk_create(
        [
            User(
                phone_number=phone,
                password=password,
                role=Role.COURIER,
                is_verified=True,
                verified_at=now,
                first_name="Courier",
                last_name=phone[-7:],
            )
            for phone in wanted
            if phone not in existing
        ]
    )
    return list(User.objects.filter(phone_number__in=wanted).values_list("pk", flat=True))


def orders_existing() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM orders_order WHERE number LIKE %s", [f"{NUMBER_PREFIX}%"]
        )
        return cursor.fetchone()[0]


def orders_ensure(*, count: int, customer_ids: list[int]) -> int:
    """Add historical orders until `count` exist; returns how many were added."""
    missing = count - orders_existing()
    if missing <= 0:
        return 0
    from apps.products.models import Product

    products = list(
        Product.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:PRODUCTS]
    )
    couriers = couriers_ensure()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE products_product")  # just seeded: the joins need its statistics
        cursor.execute("SELECT coalesce(max(id), 0) FROM orders_order")
        next_id = cursor.fetchone()[0] + 1
    params = {
        "customers": customer_ids,
        "n_customers": len(customer_ids),
        "couriers": couriers,
        "n_couriers": len(couriers),
        "products": products,
        "n_products": len(products),
        "prefix": NUMBER_PREFIX,
    }
    with tqdm(total=missing, unit="orders", desc="orders") as bar:
        done = 0
        while done < missing:
            size = min(CHUNK, missing - done)
            first = next_id + done
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT setseed(%s)", [(first % 1_000_003) / 1_000_003])
                for statement in CHUNK_SQL:
                    cursor.execute(statement, {**params, "first": first, "last": first + size - 1})
            done += size
            bar.update(size)
    with connection.cursor() as cursor:
        for table in (
            "orders_order",
            "orders_orderitem",
            "orders_orderstatushistory",
            "payments_payment",
            "delivery_delivery",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    return missing


def rollups_ensure(*, recompute: bool = False) -> int:
    """Compute the dashboard roll-ups of every day of the history that has none yet, or of
    every day when `recompute` (orders were just added), each day in its own transaction as
    the nightly job does; returns the number of days computed."""
    from apps.dashboard.models import DailyStats
    from apps.dashboard.periods import shop_today
    from apps.dashboard.services import rollup_day_compute

    today = shop_today()
    have = set() if recompute else set(DailyStats.objects.values_list("day", flat=True))
    days = [
        today - timedelta(days=n) for n in range(DAYS + 1) if today - timedelta(days=n) not in have
    ]
    if not days:
        return 0
    # The courier figures look the history up by time (order_history_created_at_idx).
    for day in tqdm(sorted(days), unit="days", desc="roll-ups"):
        with transaction.atomic():
            rollup_day_compute(day=day, is_final=day < today)
    return len(days)
