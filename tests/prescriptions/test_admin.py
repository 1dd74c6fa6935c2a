"""The back office: pharmacists work the queue in Django admin with the same services as the
API; couriers and customers never get in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.notifications.models import Notification
from apps.prescriptions.models import Prescription, PrescriptionStatus
from tests.prescriptions.factories import (
    ApprovedPrescriptionFactory,
    created_hours_ago,
    pending_with_page,
)
from tests.products.factories import ActiveSubstanceFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

ADMIN = "/admin/prescriptions/prescription/"


@pytest.fixture
def pharmacist(client, operator):
    client.force_login(operator)
    return client


def items_formset(*rows) -> dict:
    data = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        data.update({f"items-{index}-{key}": str(value) for key, value in row.items()})
    return data


@pytest.mark.parametrize("role", ["customer", "courier"])
def test_customers_and_couriers_never_reach_the_admin(client, request, role):
    user = request.getfixturevalue(role)
    prescription = pending_with_page()
    client.force_login(user)
    for url in (ADMIN, f"{ADMIN}{prescription.pk}/change/", f"{ADMIN}{prescription.pk}/approve/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_queue_shows_pending_oldest_first_then_the_rest(pharmacist, customer, customer_b):
    newer = created_hours_ago(pending_with_page(owner=customer), 2)
    older = created_hours_ago(pending_with_page(owner=customer_b), 20)
    reviewed = created_hours_ago(ApprovedPrescriptionFactory(), 1)
    response = pharmacist.get(ADMIN)
    assert response.status_code == 200
    assert [p.pk for p in response.context["cl"].result_list] == [older.pk, newer.pk, reviewed.pk]
    queue = pharmacist.get(ADMIN, {"status__exact": "pending"}).context["cl"].result_list
    assert [p.pk for p in queue] == [older.pk, newer.pk]


def test_search_by_the_customers_phone(pharmacist, customer, customer_b):
    own = pending_with_page(owner=customer)
    pending_with_page(owner=customer_b)
    response = pharmacist.get(ADMIN, {"q": customer.phone_number})
    assert [p.pk for p in response.context["cl"].result_list] == [own.pk]


def test_page_viewer_links_to_the_authorising_view_which_accepts_the_admin_session(
    pharmacist, customer
):
    prescription = pending_with_page(owner=customer)
    image_url = f"/api/v1/prescriptions/{prescription.pk}/images/{prescription.images.get().pk}/"
    page = pharmacist.get(f"{ADMIN}{prescription.pk}/change/").content.decode()
    assert f'<img src="{image_url}"' in page
    assert f"{ADMIN}{prescription.pk}/approve/" in page
    assert pharmacist.get(image_url).status_code == 200
    review_page = pharmacist.get(f"{ADMIN}{prescription.pk}/approve/").content.decode()
    assert f'<img src="{image_url}"' in review_page
    assert 'name="items-0-product"' in review_page
    assert 'name="valid_until"' in review_page


def test_pharmacist_approves_with_covered_items_and_validity(pharmacist, operator, customer):
    prescription = pending_with_page(owner=customer)
    product = ProductFactory(requires_prescription=True)
    substance = ActiveSubstanceFactory()
    valid_until = timezone.localdate() + timedelta(days=14)
    response = pharmacist.post(
        f"{ADMIN}{prescription.pk}/approve/",
        {
            "valid_until": valid_until.isoformat(),
            "note": "Verified",
            **items_formset(
                {"product": product.pk, "quantity": 2}, {"substance": substance.pk, "quantity": 1}
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    prescription.refresh_from_db()
    assert prescription.status == PrescriptionStatus.APPROVED
    assert prescription.valid_until == valid_until
    assert prescription.reviewed_by == operator
    assert list(prescription.items.values_list("product_id", "substance_id", "quantity")) == [
        (product.pk, None, 2),
        (None, substance.pk, 1),
    ]
    assert Notification.objects.filter(user=customer).count() == 2
    history = pharmacist.get(f"{ADMIN}{prescription.pk}/change/").content.decode()
    assert "review history" in history.lower()
    assert "Approved" in history


def test_unknown_product_id_is_a_form_error_and_changes_nothing(pharmacist, customer):
    prescription = pending_with_page(owner=customer)
    response = pharmacist.post(
        f"{ADMIN}{prescription.pk}/approve/",
        {
            "valid_until": (timezone.localdate() + timedelta(days=5)).isoformat(),
            **items_formset({"product": 987654, "quantity": 1}),
        },
    )
    assert response.status_code == 200
    assert response.context["items"].errors[0]["product"]
    prescription.refresh_from_db()
    assert prescription.status == PrescriptionStatus.PENDING


def test_pharmacist_rejects_with_a_reason(pharmacist, customer):
    prescription = pending_with_page(owner=customer)
    response = pharmacist.post(
        f"{ADMIN}{prescription.pk}/reject/", {"reason": "unreadable", "note": "Blurred"}
    )
    assert response.status_code == 302
    prescription.refresh_from_db()
    assert prescription.status == PrescriptionStatus.REJECTED
    assert prescription.rejection_reason == "unreadable"
    assert prescription.rejection_note == "Blurred"


def test_a_second_decision_is_refused_with_a_message(pharmacist, customer):
    prescription = pending_with_page(owner=customer)
    pharmacist.post(f"{ADMIN}{prescription.pk}/reject/", {"reason": "unreadable"})
    page = pharmacist.get(f"{ADMIN}{prescription.pk}/approve/").content.decode()
    assert "already been reviewed" in page
    response = pharmacist.post(f"{ADMIN}{prescription.pk}/reject/", {"reason": "incomplete"})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "This prescription has already been reviewed."
    ]
    prescription.refresh_from_db()
    assert prescription.rejection_reason == "unreadable"


def test_nobody_adds_edits_or_deletes_prescriptions_in_admin(client, admin_user, customer):
    prescription = pending_with_page(owner=customer)
    client.force_login(admin_user)
    assert client.get(f"{ADMIN}add/").status_code == 403
    assert client.post(f"{ADMIN}{prescription.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(f"{ADMIN}{prescription.pk}/change/", {"status": "approved"})
    assert Prescription.objects.get(pk=prescription.pk).status == PrescriptionStatus.PENDING
