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
