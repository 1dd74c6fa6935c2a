import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.prescriptions.models import PrescriptionStatus, PrescriptionUsage
from apps.prescriptions.services import (
    prescription_coverage_claim,
    prescription_coverage_release,
)
from tests.prescriptions.factories import ApprovedPrescriptionFactory, PrescriptionItemFactory
from tests.products.factories import (
    ActiveSubstanceFactory,
    ProductFactory,
    ProductSubstanceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rx_product():
    return ProductFactory(requires_prescription=True)


def _claim(prescription, lines, reference="DX-1"):
    return prescription_coverage_claim(
        owner=prescription.owner,
        prescription_ids=[prescription.pk],
        lines=lines,
        reference=reference,
    )


def test_approved_prescription_covers_its_product_once(rx_product):
    item = PrescriptionItemFactory(product=rx_product, quantity=2)
    assert _claim(item.prescription, [(rx_product.pk, 2)]).is_complete
    second = _claim(item.prescription, [(rx_product.pk, 1)], reference="DX-2")
    assert second.missing == {rx_product.pk: 1}
    assert PrescriptionUsage.objects.filter(reference="DX-2").count() == 0


def test_claim_is_all_or_nothing(rx_product):
    other = ProductFactory(requires_prescription=True)
    item = PrescriptionItemFactory(product=rx_product, quantity=5)
    result = _claim(item.prescription, [(rx_product.pk, 1), (other.pk, 1)])
    assert result.missing == {other.pk: 1}
    assert not PrescriptionUsage.objects.exists()


def test_substance_item_covers_single_substance_products_only():
    substance = ActiveSubstanceFactory()
    single = ProductFactory(requires_prescription=True)
    ProductSubstanceFactory(product=single, substance=substance)
    combination = ProductFactory(requires_prescription=True)
    ProductSubstanceFactory(product=combination, substance=substance)
    ProductSubstanceFactory(product=combination)
    item = PrescriptionItemFactory(substance=substance, quantity=3)
    assert _claim(item.prescription, [(single.pk, 3)]).is_complete
    item2 = PrescriptionItemFactory(substance=substance, quantity=3)
    assert _claim(item2.prescription, [(combination.pk, 1)], reference="DX-3").missing == {
        combination.pk: 1
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"status": PrescriptionStatus.PENDING, "valid_until": None, "reviewed_at": None},
        {"status": PrescriptionStatus.EXPIRED},
        {"valid_until": "yesterday"},
    ],
)
def test_only_approved_unexpired_prescriptions_cover(rx_product, changes):
    item = PrescriptionItemFactory(product=rx_product)
    prescription = item.prescription
    for name, value in changes.items():
        if value == "yesterday":
            value = timezone.localdate() - timedelta(days=1)
        setattr(prescription, name, value)
    prescription.save()
    assert _claim(prescription, [(rx_product.pk, 1)]).missing == {rx_product.pk: 1}


def test_another_customers_prescription_covers_nothing(rx_product, customer_b):
    item = PrescriptionItemFactory(product=rx_product)
    result = prescription_coverage_claim(
        owner=customer_b,
        prescription_ids=[item.prescription_id],
        lines=[(rx_product.pk, 1)],
        reference="DX-9",
    )
    assert not result.is_complete


def test_release_gives_the_packs_back_once(rx_product):
    item = PrescriptionItemFactory(product=rx_product, quantity=1)
    assert _claim(item.prescription, [(rx_product.pk, 1)]).is_complete
    assert prescription_coverage_release(reference="DX-1") == 1
    assert prescription_coverage_release(reference="DX-1") == 0
    assert _claim(item.prescription, [(rx_product.pk, 1)], reference="DX-2").is_complete


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_spend_the_same_packs_twice():
    product = ProductFactory(requires_prescription=True)
    prescription = ApprovedPrescriptionFactory()
    PrescriptionItemFactory(prescription=prescription, product=product, quantity=3)
    barrier = threading.Barrier(8)
    results = []

    def claim(n: int) -> None:
        try:
            barrier.wait()
            results.append(_claim(prescription, [(product.pk, 1)], reference=f"DX-{n}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.is_complete for r in results) == 3
    assert PrescriptionUsage.objects.filter(released_at__isnull=True).count() == 3
