"""The pharmacist's review: approval with covered items and validity, rejection with a
reason; notifications in the same transaction, domain events after commit; exactly one
decision per prescription."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.errors import PermissionDenied
from apps.notifications.models import Channel, Notification, NotificationType
from apps.prescriptions.models import (
    Prescription,
    PrescriptionItem,
    PrescriptionReview,
    PrescriptionStatus,
)
from apps.prescriptions.services import (
    CoveredItem,
    prescription_approve,
    prescription_coverage_claim,
    prescription_reject,
)
from tests.prescriptions.factories import pending_with_page
from tests.products.factories import (
    ActiveSubstanceFactory,
    ProductFactory,
    ProductSubstanceFactory,
)
from tests.users.factories import CustomerFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def pending(customer):
    return pending_with_page(owner=customer)


@pytest.fixture
def rx_product():
    return ProductFactory(requires_prescription=True)


def approve(client, prescription, **body):
    body.setdefault("valid_until", in_days(30))
    return client.post(f"/api/v1/prescriptions/{prescription.pk}/approve/", body)


def reject(client, prescription, **body):
    return client.post(f"/api/v1/prescriptions/{prescription.pk}/reject/", body)


def test_approval_records_items_validity_reviewer_and_history(
    operator_client, operator, pending, rx_product
):
    substance = ActiveSubstanceFactory()
    response = approve(
        operator_client,
        pending,
        valid_until=in_days(30),
        note="Checked in the e-retsept system",
        items=[
            {"product": rx_product.pk, "quantity": 2},
            {"substance": substance.pk, "quantity": 1},
        ],
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "approved"
    assert body["valid_until"] == in_days(30)
    assert body["reviewed_by"]["id"] == operator.pk
    assert [
        (
            i["product"] and i["product"]["id"],
            i["substance"] and i["substance"]["id"],
            i["quantity"],
        )
        for i in body["items"]
    ] == [
        (rx_product.pk, None, 2),
        (None, substance.pk, 1),
    ]
    (review,) = body["reviews"]
    assert review["decision"] == "approved"
    assert review["reviewer"]["id"] == operator.pk
    assert review["covered"] == [
        {"product": rx_product.pk, "quantity": 2},
        {"substance": substance.pk, "quantity": 1},
    ]
    pending.refresh_from_db()
    assert pending.pharmacist_note == "Checked in the e-retsept system"
    assert pending.reviewed_at is not None


def test_owner_is_notified_in_the_same_transaction_and_orders_hear_after_commit(
    pending, rx_product, received, sms_gateway, django_capture_on_commit_callbacks
):
    operator = OperatorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        prescription_approve(
            prescription=pending,
            reviewer=operator,
            valid_until=timezone.localdate() + timedelta(days=5),
            items=[CoveredItem(product_id=rx_product.pk, quantity=1)],
        )
        notes = Notification.objects.filter(user=pending.owner)
        assert sorted(notes.values_list("channel", "type")) == [
            (Channel.IN_APP, NotificationType.PRESCRIPTION_APPROVED),
            (Channel.SMS, NotificationType.PRESCRIPTION_APPROVED),
        ]
        assert received == []  # nothing is announced before commit
        assert sms_gateway.messages == []
    assert received == [("approved", {"prescription_id": pending.pk, "owner_id": pending.owner_id})]
    # The owner's language (Uzbek by default) decides the text.
    assert sms_gateway.texts_to(pending.owner.phone_number) == [
        "Dorixona: retseptingiz tasdiqlandi."
    ]


def test_rejection_records_the_reason_and_tells_the_customer_why(
    operator_client, operator, pending, received, sms_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reject(
            operator_client, pending, reason="incomplete", note="The stamp is missing."
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "rejected"
    assert body["rejection_reason"] == "incomplete"
    assert body["rejection_note"] == "The stamp is missing."
    assert body["reviews"][0]["decision"] == "rejected"
    assert body["reviews"][0]["reason"] == "incomplete"
    assert received == [("rejected", {"prescription_id": pending.pk, "owner_id": pending.owner_id})]
    (text,) = sms_gateway.texts_to(pending.owner.phone_number)
    # The reason in the customer's language (Uzbek by default), with the pharmacist's note.
    assert "Shifokorning ismi, imzosi, muhri yoki sanasi yo'q" in text
    assert "The stamp is missing." in text
    assert Notification.objects.filter(
        user=pending.owner, channel=Channel.IN_APP, type=NotificationType.PRESCRIPTION_REJECTED
    ).exists()


def test_the_customer_sees_the_reason_but_not_the_reviewer(customer_client, operator, pending):
    prescription_reject(prescription=pending, reviewer=operator, reason="unreadable")
    url = f"/api/v1/prescriptions/{pending.pk}/"
    body = customer_client.get(url).json()
    assert body["rejection_reason"] == "unreadable"
    assert body["rejection_reason_display"] == "Rasmni o'qib bo'lmaydi"
    english = customer_client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["rejection_reason_display"] == "The image is unreadable"
    assert "reviewed_by" not in body
    assert "reviews" not in body
    assert "pharmacist_note" not in body


def test_other_reason_needs_a_note(operator_client, pending):
    response = reject(operator_client, pending, reason="other")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "rejection_note_required"
    assert reject(operator_client, pending, reason="made-up").status_code == 400
    pending.refresh_from_db()
    assert pending.status == PrescriptionStatus.PENDING


def test_unknown_products_or_substances_are_a_400_and_change_nothing(
    operator_client, pending, rx_product
):
    response = approve(
        operator_client,
        pending,
        items=[
            {"product": rx_product.pk, "quantity": 1},
            {"product": 987654, "quantity": 1},
            {"substance": 876543, "quantity": 1},
        ],
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unknown_covered_items"
    assert error["details"] == {"products": [987654], "substances": [876543]}
    pending.refresh_from_db()
    assert pending.status == PrescriptionStatus.PENDING
    assert not PrescriptionItem.objects.exists()
    assert not Notification.objects.exists()
    assert not PrescriptionReview.objects.exists()


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"quantity": 1}],
        [{"product": 1, "substance": 1, "quantity": 1}],
        [{"product": 1, "quantity": 0}],
        [{"product": 1, "quantity": 1}, {"product": 1, "quantity": 2}],
        [{"product": 2**63, "quantity": 1}],
    ],
    ids=["none", "neither", "both", "zero", "duplicate", "huge-id"],
)
def test_malformed_items_are_a_400(operator_client, pending, items):
    response = approve(operator_client, pending, items=items)
    assert response.status_code == 400
    assert "items" in response.json()["error"]["details"]


@pytest.mark.parametrize(
    ("valid_until", "issued_days_ago"),
    [(-1, None), (366, None), (5, -10)],
    ids=["past", "beyond-max-validity", "before-issue-date"],
)
def test_validity_must_be_sensible(
    operator_client, pending, rx_product, valid_until, issued_days_ago
):
    if issued_days_ago is not None:
        Prescription.objects.filter(pk=pending.pk).update(
            issued_on=timezone.localdate() - timedelta(days=issued_days_ago)
        )
    response = approve(
        operator_client,
        pending,
        valid_until=in_days(valid_until),
        items=[{"product": rx_product.pk, "quantity": 1}],
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_valid_until"


@pytest.mark.parametrize("first", ["approve", "reject"])
@pytest.mark.parametrize("second", ["approve", "reject"])
def test_only_a_pending_prescription_is_reviewed(
    operator_client, admin_client_api, pending, rx_product, first, second
):
    items = [{"product": rx_product.pk, "quantity": 1}]
    calls = {
        "approve": lambda client: approve(client, pending, items=items),
        "reject": lambda client: reject(client, pending, reason="unreadable"),
    }
    assert calls[first](operator_client).status_code == 200
    response = calls[second](admin_client_api)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "prescription_not_pending"
    assert PrescriptionReview.objects.filter(prescription=pending).count() == 1


def test_only_pharmacists_review_even_through_the_service(pending, rx_product):
    with pytest.raises(PermissionDenied):
        prescription_reject(prescription=pending, reviewer=CustomerFactory(), reason="unreadable")
    pending.refresh_from_db()
    assert pending.status == PrescriptionStatus.PENDING


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approve_and_reject_exactly_one_wins():
    owner = CustomerFactory()
    prescription = pending_with_page(owner=owner)
    product = ProductFactory(requires_prescription=True)
    reviewers = [OperatorFactory(), OperatorFactory()] * 3
    barrier = threading.Barrier(len(reviewers))
    outcomes = []

    def decide(n: int) -> None:
        try:
            barrier.wait()
            if n % 2:
                prescription_reject(
                    prescription=prescription, reviewer=reviewers[n], reason="unreadable"
                )
            else:
                prescription_approve(
                    prescription=prescription,
                    reviewer=reviewers[n],
                    valid_until=timezone.localdate() + timedelta(days=3),
                    items=[CoveredItem(product_id=product.pk, quantity=1)],
                )
            outcomes.append("won")
        except Exception as exc:
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(len(reviewers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["prescription_not_pending"] * 5 + ["won"]
    prescription.refresh_from_db()
    assert PrescriptionReview.objects.filter(prescription=prescription).count() == 1
    assert Notification.objects.filter(user=owner).count() == 2  # SMS + in-app, once
    if prescription.status == PrescriptionStatus.APPROVED:
        assert prescription.items.count() == 1
    else:
        assert prescription.status == PrescriptionStatus.REJECTED
        assert not prescription.items.exists()


def test_approval_releases_exactly_the_covered_lines_and_packs_are_not_reused(
    operator, customer, pending
):
    covered = ProductFactory(requires_prescription=True)
    substance = ActiveSubstanceFactory()
    generic = ProductFactory(requires_prescription=True)
    ProductSubstanceFactory(product=generic, substance=substance)
    not_covered = ProductFactory(requires_prescription=True)
    prescription_approve(
        prescription=pending,
        reviewer=operator,
        valid_until=timezone.localdate() + timedelta(days=10),
        items=[
            CoveredItem(product_id=covered.pk, quantity=2),
            CoveredItem(substance_id=substance.pk, quantity=1),
        ],
    )

    def claim(lines, reference):
        return prescription_coverage_claim(
            owner=customer, prescription_ids=[pending.pk], lines=lines, reference=reference
        )

    first_order = [(covered.pk, 2), (generic.pk, 1), (not_covered.pk, 1)]
    assert claim(first_order, "DX-1").missing == {not_covered.pk: 1}
    assert claim(first_order[:2], "DX-1").is_complete
    assert claim([(covered.pk, 1)], "DX-2").missing == {covered.pk: 1}
    assert claim([(generic.pk, 1)], "DX-2").missing == {generic.pk: 1}
