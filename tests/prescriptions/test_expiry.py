"""Expiry: approved prescriptions past their valid-until date (Asia/Tashkent) become EXPIRED,
are announced to the orders app, and cover nothing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from apps.prescriptions.models import PrescriptionReview, PrescriptionStatus, ReviewDecision
from apps.prescriptions.services import prescription_coverage_claim, prescription_expire_overdue
from apps.prescriptions.tasks import prescription_expire_task
from tests.prescriptions.factories import (
    ApprovedPrescriptionFactory,
    PrescriptionFactory,
    PrescriptionItemFactory,
)
from tests.products.factories import ProductFactory

pytestmark = pytest.mark.django_db


def approved_until(valid_until: date, **kwargs):
    return ApprovedPrescriptionFactory(
        valid_until=valid_until, issued_on=valid_until - timedelta(days=30), **kwargs
    )


def test_overdue_approvals_expire_once_and_are_announced_after_commit(
    received, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    overdue = approved_until(today - timedelta(days=1))
    last_day = approved_until(today)
    pending = PrescriptionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert prescription_expire_overdue() == 1
        assert received == []
    assert received == [("expired", {"prescription_id": overdue.pk, "owner_id": overdue.owner_id})]
    overdue.refresh_from_db()
    last_day.refresh_from_db()
    pending.refresh_from_db()
    assert overdue.status == PrescriptionStatus.EXPIRED
    assert last_day.status == PrescriptionStatus.APPROVED  # valid through its last day
    assert pending.status == PrescriptionStatus.PENDING
    (review,) = PrescriptionReview.objects.filter(prescription=overdue)
    assert review.decision == ReviewDecision.EXPIRED
    assert review.reviewer is None
    assert prescription_expire_overdue() == 0  # idempotent


def test_expired_prescription_releases_nothing():
    product = ProductFactory(requires_prescription=True)
    prescription = approved_until(timezone.localdate() - timedelta(days=1))
    PrescriptionItemFactory(prescription=prescription, product=product, quantity=5)
    prescription_expire_overdue()
    result = prescription_coverage_claim(
        owner=prescription.owner,
        prescription_ids=[prescription.pk],
        lines=[(product.pk, 1)],
        reference="DX-1",
    )
    assert result.missing == {product.pk: 1}


def test_the_day_ends_in_tashkent_not_in_utc():
    # 20:00 UTC on 10 March is 01:00 on 11 March in Tashkent.
    with time_machine.travel(datetime(2026, 3, 10, 20, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        prescription = approved_until(date(2026, 3, 10))
        assert prescription_expire_overdue() == 1
    prescription.refresh_from_db()
    assert prescription.status == PrescriptionStatus.EXPIRED


def test_large_backlogs_are_expired_in_batches():
    for _ in range(5):
        approved_until(timezone.localdate() - timedelta(days=3))
    assert prescription_expire_overdue(batch_size=2) == 5
    assert PrescriptionReview.objects.filter(decision=ReviewDecision.EXPIRED).count() == 5


def test_periodic_task_is_scheduled_and_runs_the_service():
    entry = settings.CELERY_BEAT_SCHEDULE["prescriptions-expire"]
    assert entry["task"] == prescription_expire_task.name
    approved_until(timezone.localdate() - timedelta(days=1))
    assert prescription_expire_task.delay().get() == 1
