"""A customer's data export gets their prescriptions' metadata, never the files."""

import json

import pytest

from apps.prescriptions.selectors import prescriptions_for_export
from tests.prescriptions.factories import (
    ApprovedPrescriptionFactory,
    PrescriptionItemFactory,
    pending_with_page,
)
from tests.products.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_export_holds_metadata_of_own_prescriptions_only(customer, customer_b):
    pending = pending_with_page(owner=customer, doctor_name="Dr. Aliyev")
    approved = ApprovedPrescriptionFactory(owner=customer)
    product = ProductFactory(name_uz="Amoksitsillin")
    PrescriptionItemFactory(prescription=approved, product=product, quantity=2)
    pending_with_page(owner=customer_b)

    exported = prescriptions_for_export(customer)

    assert [entry["id"] for entry in exported] == [pending.pk, approved.pk]
    first, second = exported
    assert first["doctor_name"] == "Dr. Aliyev"
    assert first["status"] == "pending"
    (page,) = first["images"]
    assert set(page) == {"original_name", "content_type", "width", "height", "size", "uploaded_at"}
    assert second["covered_items"] == [
        {"product": "Amoksitsillin", "substance": None, "quantity": 2, "used": 0}
    ]
    serialised = json.dumps(exported)  # JSON-ready as it is
    assert pending.images.get().file.name not in serialised
    assert "reviewed_by" not in serialised
