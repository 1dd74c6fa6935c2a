import pytest
from django.core.management import CommandError, call_command

from apps.core.roles import Role
from apps.users.demo import DEMO_USERS
from apps.users.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_is_idempotent_and_creates_one_user_per_role(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "Demo-pass-2026"
    call_command("seed_demo")
    call_command("seed_demo")
    users = User.objects.filter(phone_number__in=[p for p, *_ in DEMO_USERS.values()])
    assert sorted(users.values_list("role", flat=True)) == sorted(Role.values)
    assert all(u.is_verified and u.check_password("Demo-pass-2026") for u in users)


def test_seed_demo_with_force_runs_with_debug_off(settings):
    settings.DEBUG = False
    call_command("seed_demo", force=True)
    assert User.objects.filter(role=Role.ADMIN, is_superuser=True).count() == 1


def test_seed_demo_leaves_roll_ups_the_admin_dashboard_can_show(settings):
    from apps.dashboard.models import CourierPerformance, DailyStats, ProductPerformance
    from apps.dashboard.periods import Preset, period_from_preset
    from apps.dashboard.selectors import admin_dashboard
    from apps.orders.models import Order

    settings.DEBUG = True
    call_command("seed_demo")
    orders = Order.objects.count()
    call_command("seed_demo")
    assert Order.objects.count() == orders, "a second run adds no orders"

    past_days = DailyStats.objects.filter(orders_total__gt=0, is_final=True).count()
    assert past_days >= 10
    assert ProductPerformance.objects.exists()
    assert CourierPerformance.objects.filter(deliveries__gt=0).exists()

    dashboard = admin_dashboard(period=period_from_preset(Preset.LAST_30_DAYS))
    assert dashboard["kpis"]["paid_orders"] > 0
    assert {row["payment_method"] for row in dashboard["payment_split"] if row["revenue"]} == {
        "payme",
        "click",
        "cash",
    }
    assert dashboard["top_products"]
    assert dashboard["top_substances"]
    assert dashboard["courier_league"][0]["deliveries"] > 0
    assert dashboard["system_health"] is not None
