"""Periodic jobs are scheduled by name and run; deployment checks guard the simulator."""

import pytest
from django.conf import settings

from apps.payments import checks, tasks
from config.celery import app

pytestmark = pytest.mark.django_db


def test_every_payments_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    scheduled = [
        entry["task"]
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if name.startswith("payments-")
    ]
    assert len(scheduled) == 3
    assert all(task in app.tasks for task in scheduled)


def test_periodic_tasks_run(provider_settings, httpserver):
    provider_settings.CLICK_API_URL = httpserver.url_for("/v2/merchant/")
    assert tasks.payme_transactions_expire_task.delay().get() == 0
    assert tasks.payment_refunds_sweep_task.delay().get() == {
        "orders": 0,
        "click_refunds": 0,
        "removals": 0,
        "click_partial_refunds": 0,
    }
    assert tasks.payments_reconcile_task.delay().get() == 0


def test_deploy_checks_refuse_the_simulator_and_warn_without_keys(settings):
    settings.PAYMENTS_SIMULATOR_ENABLED = True
    settings.PAYME_KEY = ""
    assert [m.id for m in checks.simulator_off_in_production(None)] == ["payments.E001"]
    assert [m.id for m in checks.providers_configured(None)] == ["payments.W001"]
    settings.PAYMENTS_SIMULATOR_ENABLED = False
    assert checks.simulator_off_in_production(None) == []
