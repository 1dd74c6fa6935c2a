"""Role dashboards over HTTP: who may see what, what they see, CSV export, cache behaviour."""

import csv
import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import override_settings

from apps.dashboard.models import SystemHealthLog
from apps.dashboard.periods import SHOP_TZ, shop_today
from apps.dashboard.services import rollups_rebuild, rollups_refresh, system_health_record
from apps.orders.models import OrderStatus, PaymentMethod
from tests.conftest import client_for, free_port
from tests.prescriptions.factories import PrescriptionFactory
from tests.products.factories import (
    ActiveSubstanceFactory,
    ProductFactory,
    ProductSubstanceFactory,
)

from .factories import history, raw_order

pytestmark = pytest.mark.django_db

ADMIN = "/api/v1/dashboard/admin/"
OPERATOR = "/api/v1/dashboard/operator/"
COURIER = "/api/v1/dashboard/courier/"
CUSTOMER = "/api/v1/dashboard/customer/"
EXPORT = "/api/v1/dashboard/admin/export/{}.csv"

PERMISSIONS = {
    ADMIN: {"admin": 200},
    EXPORT.format("series"): {"admin": 200},
    OPERATOR: {"operator": 200, "admin": 200},
    COURIER: {"courier": 200, "courier_b": 200},
    CUSTOMER: {"customer": 200, "customer_b": 200},
}
ROLES = ("anonymous", "customer", "customer_b", "courier", "courier_b", "operator", "admin")


def now_in_shop(**delta) -> datetime:
    return datetime.now(SHOP_TZ) - timedelta(**delta)


def paid_order(customer, product, *, quantity=1, price="10000", method=PaymentMethod.PAYME, **kw):
    return raw_order(
        customer=customer,
        created_at=kw.pop("created_at", now_in_shop(minutes=5)),
        lines=[(product, quantity, price)],
        status=kw.pop("status", OrderStatus.PAID),
        payment_method=method,
        paid=method != PaymentMethod.CASH,
        **kw,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(PERMISSIONS))
def test_permission_table(clients, url, role):
    expected = PERMISSIONS[url].get(role, 401 if role == "anonymous" else 403)

    response = clients[role].get(url)

    assert response.status_code == expected, response.content


def test_admin_dashboard_shows_rollups_of_the_period(clients, customer):
    product = ProductFactory(name_uz="Paratsetamol")
    paid_order(customer, product, quantity=3, price="10000")
    paid_order(customer, product, method=PaymentMethod.CASH, status=OrderStatus.DELIVERED)
    paid_order(customer, product, created_at=now_in_shop(days=40))
    rollups_refresh()
    rollups_rebuild(start=shop_today() - timedelta(days=40), end=shop_today())
    system_health_record()

    body = clients["admin"].get(ADMIN, {"preset": "last_7_days"}).json()

    assert body["period"] == {
        "from": str(shop_today() - timedelta(days=6)),
        "to": str(shop_today()),
    }
    assert len(body["series"]) == 7
    assert body["kpis"]["orders_total"] == 2
    assert body["kpis"]["paid_orders"] == 2
    # Totals include the 15 000 so'm delivery fee.
    assert Decimal(body["kpis"]["revenue_total"]) == Decimal("70000.00")
    split = {row["payment_method"]: Decimal(row["revenue"]) for row in body["payment_split"]}
    assert split == {"payme": Decimal("45000.00"), "click": 0, "cash": Decimal("25000.00")}
    assert body["top_products"][0]["name"] == "Paratsetamol"
    assert body["top_products"][0]["units"] == 4
    assert body["system_health"]["queue_length"] == 0
    assert set(body["stock"]) == {"low_stock_products", "near_expiry_batches"}


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-03-10", "to": "2026-03-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"preset": "forever"},
        {"from": "yesterday"},
    ],
)
def test_admin_dashboard_refuses_bad_periods(clients, params):
    response = clients["admin"].get(ADMIN, params)

    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"invalid_period", "validation_error"}


def test_explicit_dates_select_exact_tashkent_days(clients, customer):
    product = ProductFactory()
    day = shop_today() - timedelta(days=3)
    paid_order(
        customer, product, created_at=datetime(day.year, day.month, day.day, 0, 0, tzinfo=SHOP_TZ)
    )
    rollups_rebuild(start=day - timedelta(days=1), end=day)

    on_day = clients["admin"].get(ADMIN, {"from": str(day), "to": str(day)}).json()
    before = clients["admin"].get(ADMIN, {"from": str(day - timedelta(days=1))}).json()
    only_before = (
        clients["admin"]
        .get(ADMIN, {"from": str(day - timedelta(days=1)), "to": str(day - timedelta(days=1))})
        .json()
    )

    assert on_day["kpis"]["orders_total"] == 1
    assert before["kpis"]["orders_total"] == 1
    assert only_before["kpis"]["orders_total"] == 0


# Midday on a Wednesday in the shop's time zone: "today" and "this week" hold the delivery made
# half an hour before, whatever the hour the suite runs at (just after midnight they did not).
@time_machine.travel(datetime(2026, 11, 18, 12, 0, tzinfo=SHOP_TZ), tick=True)
def test_courier_sees_only_own_figures(courier, courier_b, customer):
    product = ProductFactory()
    order = paid_order(customer, product, method=PaymentMethod.CASH, status=OrderStatus.DELIVERED)
    off = now_in_shop(minutes=30)
    history(order=order, to="on_the_way", actor=courier, at=off, from_status="ready_for_delivery")
    history(
        order=order,
        to="delivered",
        actor=courier,
        at=off + timedelta(minutes=20),
        from_status="on_the_way",
    )
    rollups_refresh()

    # Signed in at the travelled time, so the access tokens are valid in it.
    mine = client_for(courier).get(COURIER).json()
    theirs = client_for(courier_b).get(COURIER).json()

    assert mine["today"]["deliveries"] == 1
    assert mine["week"]["deliveries"] == 1
    assert Decimal(mine["today"]["cash_collected"]) == Decimal("25000.00")
    assert theirs["today"]["deliveries"] == 0
    assert theirs["week"]["cash_collected"] == "0.00"


def test_customer_sees_only_own_orders_and_prescriptions(clients, customer, customer_b):
    product = ProductFactory()
    paid_order(customer, product, quantity=2)
    paid_order(customer, product, status=OrderStatus.CANCELLED)
    paid_order(customer_b, product)
    PrescriptionFactory(owner=customer)

    mine = clients["customer"].get(CUSTOMER).json()
    theirs = clients["customer_b"].get(CUSTOMER).json()

    assert mine["orders_total"] == 2
    assert mine["orders_by_status"] == {"paid": 1, "cancelled": 1}
    assert Decimal(mine["spent_total"]) == Decimal("35000.00")
    assert sum(mine["prescriptions_by_status"].values()) == 1
    assert theirs["orders_total"] == 1
    assert theirs["prescriptions_by_status"] == {}


def test_operator_queues_are_oldest_first(clients, customer):
    product = ProductFactory()
    newer = paid_order(customer, product, created_at=now_in_shop(minutes=5))
    older = paid_order(customer, product, created_at=now_in_shop(hours=2))
    paid_order(customer, product, status=OrderStatus.AWAITING_PRESCRIPTION)
    paid_order(customer, product, status=OrderStatus.READY_FOR_DELIVERY)

    body = clients["operator"].get(OPERATOR).json()

    preparation = body["queues"]["awaiting_preparation"]
    assert preparation["count"] == 2
    assert [o["number"] for o in preparation["orders"]] == [older.number, newer.number]
    assert body["queues"]["awaiting_prescription_review"]["count"] == 1
    assert body["queues"]["awaiting_courier"]["count"] == 1


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize(
    "table", ["series", "payment_split", "top_products", "top_substances", "courier_league"]
)
def test_every_admin_table_exports_as_csv(clients, customer, table):
    paid_order(customer, ProductFactory())
    rollups_refresh()

    response = clients["admin"].get(EXPORT.format(table), {"preset": "today"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert table in response["Content-Disposition"]
    assert len(_csv(response)) >= 1


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_export_escapes_formula_injection(clients, customer, prefix):
    name = f'{prefix}HYPERLINK("http://evil","x")'
    paid_order(customer, ProductFactory(name_uz=name))
    rollups_refresh()

    rows = _csv(clients["admin"].get(EXPORT.format("top_products"), {"preset": "today"}))

    header, first = rows[0], rows[1]
    assert first[header.index("name")] == f"'{name}"
    assert first[header.index("units")] == "1"


def test_unknown_export_table_is_404(clients):
    response = clients["admin"].get(EXPORT.format("users"))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_table"


@override_settings(DASHBOARD_CACHE_SECONDS=0, DASHBOARD_OPERATOR_CACHE_SECONDS=0)
@pytest.mark.parametrize("days", [1, 30, 200])
def test_admin_dashboard_runs_a_fixed_number_of_queries(
    clients, customer, courier, django_assert_num_queries, days
):
    start = shop_today() - timedelta(days=days - 1)
    for n in range(days):
        created = datetime.combine(start + timedelta(days=n), datetime.min.time(), tzinfo=SHOP_TZ)
        order = paid_order(customer, ProductFactory(), created_at=created + timedelta(hours=12))
        history(
            order=order,
            to="delivered",
            actor=courier,
            at=created + timedelta(hours=13),
            from_status="on_the_way",
        )
    rollups_rebuild(start=start, end=shop_today())
    client = clients["admin"]
    client.get(ADMIN, {"from": str(start)})  # authentication and session queries warm up

    with django_assert_num_queries(8):
        response = client.get(ADMIN, {"from": str(start)})

    assert response.json()["kpis"]["orders_total"] == days


@override_settings(DASHBOARD_OPERATOR_CACHE_SECONDS=0)
@pytest.mark.parametrize("orders", [1, 15])
def test_operator_dashboard_runs_a_fixed_number_of_queries(
    clients, customer, django_assert_num_queries, orders
):
    product = ProductFactory()
    for _ in range(orders):
        paid_order(customer, product)

    with django_assert_num_queries(6):
        response = clients["operator"].get(OPERATOR)

    assert response.json()["queues"]["awaiting_preparation"]["count"] == orders


def test_cached_dashboard_is_served_until_rollups_refresh(
    clients, customer, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    paid_order(customer, product)
    rollups_refresh()
    client = clients["admin"]
    assert client.get(ADMIN, {"preset": "today"}).json()["kpis"]["orders_total"] == 1

    paid_order(customer, product)
    with django_assert_max_num_queries(1):
        cached = client.get(ADMIN, {"preset": "today"}).json()
    with django_capture_on_commit_callbacks(execute=True):
        rollups_refresh()
    fresh = client.get(ADMIN, {"preset": "today"}).json()

    assert cached["kpis"]["orders_total"] == 1
    assert fresh["kpis"]["orders_total"] == 2


DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


@pytest.mark.parametrize("url", [ADMIN, COURIER, OPERATOR])
def test_dashboards_answer_correctly_when_redis_is_down(clients, customer, url):
    paid_order(customer, ProductFactory())
    rollups_refresh()
    role = {ADMIN: "admin", COURIER: "courier", OPERATOR: "operator"}[url]

    with override_settings(CACHES=DEAD_REDIS):
        rollups_refresh()
        response = clients[role].get(url, {"preset": "today"} if url == ADMIN else {})

    assert response.status_code == 200
    if url == ADMIN:
        assert response.json()["kpis"]["orders_total"] == 1
    if url == OPERATOR:
        assert response.json()["queues"]["awaiting_preparation"]["count"] == 1


def test_system_health_snapshot_is_stored(clients):
    from apps.payments.models import PaymentLog, PaymentLogKind

    PaymentLog.objects.create(
        provider="payme",
        kind=PaymentLogKind.CALLBACK,
        action="CreateTransaction",
        error_code=-31050,
    )
    PaymentLog.objects.create(provider="payme", kind=PaymentLogKind.CALLBACK, action="Check")
    snapshot = system_health_record()

    assert SystemHealthLog.objects.get() == snapshot
    assert snapshot.failed_notifications == 0
    assert snapshot.payment_errors == 1


@pytest.mark.parametrize("orders", [1, 12])
def test_customer_and_courier_dashboards_run_a_fixed_number_of_queries(
    clients, customer, courier, django_assert_num_queries, orders
):
    product = ProductFactory()
    for _ in range(orders):
        order = paid_order(customer, product, status=OrderStatus.DELIVERED)
        history(
            order=order,
            to="delivered",
            actor=courier,
            at=now_in_shop(minutes=1),
            from_status="on_the_way",
        )
    rollups_refresh()

    with django_assert_num_queries(4):
        assert clients["customer"].get(CUSTOMER).json()["orders_total"] == orders
    with override_settings(DASHBOARD_CACHE_SECONDS=0), django_assert_num_queries(2):
        assert clients["courier"].get(COURIER).json()["today"]["deliveries"] == orders


def test_top_substances_sum_the_products_that_contain_them(clients, customer):
    paracetamol = ActiveSubstanceFactory(inn="Paracetamolum")
    for quantity in (1, 2):
        product = ProductFactory()
        ProductSubstanceFactory(product=product, substance=paracetamol)
        paid_order(customer, product, quantity=quantity, price="1000")
    rollups_refresh()

    body = clients["admin"].get(ADMIN, {"preset": "today"}).json()

    assert body["top_substances"] == [
        {"substance_id": paracetamol.pk, "inn": "Paracetamolum", "units": 3, "revenue": "3000.00"}
    ]
