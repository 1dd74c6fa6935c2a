"""The admin dashboard under load, over a year of a million historical orders (bench/history.py
generates them and computes the roll-ups in the data step).

- ours: `GET /api/v1/dashboard/admin/?preset=last_30_days` as an admin, its cache off
  (DASHBOARD_CACHE_SECONDS=0 in bench/run.py), so every request reads the roll-ups;
- naive: the same question answered by aggregating the raw orders of the period on every
  request (bench/naive.py `naive_admin_dashboard`);
- limit: one hand-written SQL query over the same roll-ups (day series, top products and
  substances, courier league) and the same live stock counts (the low-stock count as one
  grouped pass over the batches, where the app runs a sum per product), serialised with
  orjson, in process.
"""

from datetime import timedelta

import orjson
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from apps.core.roles import Role
from apps.dashboard.periods import period_from_preset
from apps.users.models import User
from bench.load import Scenario

ADMIN_PHONE = "+998790000001"
PRESET = "last_30_days"

DASHBOARD_SQL = """
WITH series AS (
    SELECT d.day, d.orders_total, d.paid_orders, d.revenue_total, d.revenue_payme,
           d.revenue_click, d.revenue_cash, d.new_customers, d.cancellations, d.refunds,
           d.refunds_amount, d.rx_orders
    FROM dashboard_dailystats d WHERE d.day BETWEEN %(start)s AND %(end)s
), products AS (
    SELECT pp.product_id, p.name_uz AS name, sum(pp.units) AS units,
           sum(pp.revenue) AS revenue, sum(pp.returns) AS returns
    FROM dashboard_productperformance pp JOIN products_product p ON p.id = pp.product_id
    WHERE pp.day BETWEEN %(start)s AND %(end)s
    GROUP BY pp.product_id, p.name_uz ORDER BY revenue DESC, pp.product_id LIMIT %(top)s
), substances AS (
    SELECT ps.substance_id, s.inn, sum(pp.units) AS units, sum(pp.revenue) AS revenue
    FROM dashboard_productperformance pp
    JOIN products_productsubstance ps ON ps.product_id = pp.product_id
    JOIN products_activesubstance s ON s.id = ps.substance_id
    WHERE pp.day BETWEEN %(start)s AND %(end)s
    GROUP BY ps.substance_id, s.inn ORDER BY revenue DESC, ps.substance_id LIMIT %(top)s
), league AS (
    SELECT cp.courier_id, u.first_name || ' ' || u.last_name AS name,
           sum(cp.deliveries) AS deliveries, sum(cp.on_time) AS on_time,
           sum(cp.failed) AS failed, sum(cp.cash_collected) AS cash_collected
    FROM dashboard_courierperformance cp JOIN users_user u ON u.id = cp.courier_id
    WHERE cp.day BETWEEN %(start)s AND %(end)s
    GROUP BY cp.courier_id, u.first_name, u.last_name
    ORDER BY deliveries DESC, cp.courier_id LIMIT %(top)s
)
SELECT
    (SELECT coalesce(json_agg(series ORDER BY day), '[]') FROM series),
    (SELECT coalesce(json_agg(products), '[]') FROM products),
    (SELECT coalesce(json_agg(substances), '[]') FROM substances),
    (SELECT coalesce(json_agg(league), '[]') FROM league),
    (SELECT count(*) FROM products_product p
     LEFT JOIN (SELECT b.product_id, sum(b.quantity - b.reserved) AS units
                FROM products_stockbatch b WHERE b.expiry_date > %(cutoff)s
                GROUP BY b.product_id) AS s ON s.product_id = p.id
     WHERE p.is_active AND coalesce(s.units, 0) <= p.low_stock_threshold),
    (SELECT count(*) FROM products_stockbatch b
     WHERE b.quantity > 0 AND b.expiry_date BETWEEN %(today)s AND %(horizon)s)
"""


def admin_ensure() -> User:
    admin = User.objects.filter(phone_number=ADMIN_PHONE).first()
    if admin is None:
        admin = User.objects.create(
            phone_number=ADMIN_PHONE,
            password=make_password(None),
            role=Role.ADMIN,
            is_staff=True,
            is_verified=True,
            verified_at=timezone.now(),
            first_name="Bench",
            last_name="Admin",
        )
    return admin


def _limit(limit) -> bytes:
    from django.conf import settings

    period = period_from_preset(PRESET)
    today = timezone.localdate()
    row = limit.connection.execute(
        DASHBOARD_SQL,
        {
            "start": period.start,
            "end": period.end,
            "top": settings.DASHBOARD_TOP_LIMIT,
            "cutoff": today + timedelta(days=settings.MIN_SHELF_LIFE_DAYS),
            "today": today,
            "horizon": today + timedelta(days=settings.NEAR_EXPIRY_ALERT_DAYS),
        },
    ).fetchone()
    series = row[0]
    kpis = {
        field: sum(day[field] for day in series)
        for field in ("orders_total", "paid_orders", "revenue_total", "cancellations", "refunds")
    }
    return orjson.dumps(
        {
            "period": {"from": period.start, "to": period.end},
            "kpis": kpis,
            "series": series,
            "top_products": row[1],
            "top_substances": row[2],
            "courier_league": row[3],
            "stock": {"low_stock_products": row[4], "near_expiry_batches": row[5]},
        }
    )


def scenarios(context) -> list:
    headers = {"Authorization": f"Bearer {AccessToken.for_user(admin_ensure())}"}
    ours = f"/api/v1/dashboard/admin/?preset={PRESET}"
    naive = f"/bench/naive/dashboard/admin/?preset={PRESET}"
    return [
        Scenario(
            "admin dashboard, 30 days",
            lambda i: ("GET", ours, None, headers, []),
            naive=lambda i: ("GET", naive, None, headers, []),
            limit=_limit,
        )
    ]
