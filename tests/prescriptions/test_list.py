"""The list is the customer's history and, filtered by `status=pending`, the pharmacists'
review queue (oldest first). Constant number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.prescriptions.models import Prescription
from tests.prescriptions.factories import (
    ApprovedPrescriptionFactory,
    PrescriptionFactory,
    PrescriptionImageFactory,
    PrescriptionItemFactory,
    created_hours_ago,
    pending_with_page,
)
from tests.products.factories import ActiveSubstanceFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/prescriptions/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_pending_queue_is_oldest_first_across_customers(operator_client, customer, customer_b):
    newest = created_hours_ago(pending_with_page(owner=customer), 1)
    oldest = created_hours_ago(pending_with_page(owner=customer_b), 30)
    middle = created_hours_ago(pending_with_page(owner=customer), 5)
    created_hours_ago(ApprovedPrescriptionFactory(owner=customer), 100)
    queue = ids(operator_client.get(URL, {"status": "pending"}))
    assert queue == [oldest.pk, middle.pk, newest.pk]


def test_without_a_filter_the_newest_come_first(customer_client, customer):
    older = created_hours_ago(pending_with_page(owner=customer), 10)
    approved = created_hours_ago(ApprovedPrescriptionFactory(owner=customer), 1)
    assert ids(customer_client.get(URL)) == [approved.pk, older.pk]


def test_customer_filtering_pending_sees_only_their_own(customer_client, customer, customer_b):
    own = pending_with_page(owner=customer)
    pending_with_page(owner=customer_b)
    assert ids(customer_client.get(URL, {"status": "pending"})) == [own.pk]


def test_unknown_status_filter_is_a_400(operator_client):
    response = operator_client.get(URL, {"status": "deleted"})
    assert response.status_code == 400
    assert "status" in response.json()["error"]["details"]


def test_staff_see_owner_review_history_and_remaining_packs(operator_client, operator):
    product = ProductFactory(requires_prescription=True)
    item = PrescriptionItemFactory(product=product, quantity=3)
    item.usages.create(product=product, reference="DX-1", quantity=1)
    item.usages.create(product=product, reference="DX-2", quantity=1, released_at=timezone.now())
    body = operator_client.get(f"{URL}{item.prescription_id}/").json()
    assert body["owner"]["phone_number"] == item.prescription.owner.phone_number
    assert body["items"] == [
        {
            "id": item.pk,
            "product": {"id": product.pk, "name": product.name},
            "substance": None,
            "quantity": 3,
            "remaining": 2,
        }
    ]
    assert body["reviews"] == []


def make_prescriptions(owner, count: int) -> None:
    for _ in range(count):
        prescription = PrescriptionFactory(owner=owner)
        PrescriptionImageFactory.create_batch(2, prescription=prescription)
        approved = ApprovedPrescriptionFactory(owner=owner)
        PrescriptionItemFactory(prescription=approved, product=ProductFactory())
        PrescriptionItemFactory(prescription=approved, substance=ActiveSubstanceFactory())


@pytest.mark.parametrize("role", ["customer", "operator"])
def test_list_and_detail_run_a_constant_number_of_queries(clients, customer, role):
    counts = []
    for batch in (1, 3, 8):
        make_prescriptions(customer, batch)
        with CaptureQueriesContext(connection) as queries:
            response = clients[role].get(URL, {"page_size": 100})
        assert response.status_code == 200
        assert len(response.json()["results"]) == Prescription.objects.count()
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 7


def test_detail_runs_a_constant_number_of_queries(
    customer_client, customer, django_assert_max_num_queries
):
    prescription = pending_with_page(owner=customer)
    PrescriptionImageFactory.create_batch(4, prescription=prescription)
    with django_assert_max_num_queries(6):
        assert customer_client.get(f"{URL}{prescription.pk}/").status_code == 200
