"""Orders with prescription items wait in AWAITING_PRESCRIPTION until prescriptions attached to
them cover every such line; approval of an attached prescription (an event of the prescriptions
app) moves them on, rejection or expiry tells the customer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification
from apps.orders.models import OrderStatus
from apps.prescriptions.events import (
    prescription_approved,
    prescription_expired,
    prescription_rejected,
)
from apps.prescriptions.models import Prescription, PrescriptionStatus, PrescriptionUsage
from tests.orders.factories import place_order, stocked_product
from tests.prescriptions.factories import (
    ApprovedPrescriptionFactory,
    PrescriptionFactory,
    PrescriptionItemFactory,
)
from tests.users.factories import OperatorFactory

pytestmark = pytest.mark.django_db

S = OrderStatus


def _attach_url(order) -> str:
    return reverse("order-prescriptions", args=[order.number])


def _approve(prescription: Prescription, *, product, quantity: int) -> None:
    """What the prescriptions app does on approval: the row, its items, then the event."""
    prescription.status = PrescriptionStatus.APPROVED
    prescription.reviewed_by = OperatorFactory()
    prescription.reviewed_at = timezone.now()
    prescription.valid_until = timezone.localdate() + timedelta(days=30)
    prescription.save()
    PrescriptionItemFactory(prescription=prescription, product=product, quantity=quantity)
    prescription_approved.send(
        sender=Prescription, prescription_id=prescription.pk, owner_id=prescription.owner_id
    )


@pytest.fixture
def rx():
    return stocked_product(requires_prescription=True)


def test_attaching_a_covering_prescription_moves_the_order_to_payment(
    customer, customer_client, rx
):
    order = place_order(customer, [(rx, 2)])
    assert order.status == S.AWAITING_PRESCRIPTION
    item = PrescriptionItemFactory(
        prescription=ApprovedPrescriptionFactory(owner=customer), product=rx, quantity=2
    )

    response = customer_client.post(
        _attach_url(order), {"prescription_ids": [item.prescription_id]}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["prescription_ids"]) == (
        "awaiting_payment",
        [item.prescription_id],
    )
    assert body["timeline"][-1]["reason"] == "Prescription covered"
    assert PrescriptionUsage.objects.get().reference == order.number


def test_a_covered_cash_order_goes_to_the_pharmacy_queue(customer, rx):
    order = place_order(customer, [(rx, 1)], payment_method="cash")
    item = PrescriptionItemFactory(
        prescription=ApprovedPrescriptionFactory(owner=customer), product=rx, quantity=1
    )
    from apps.orders.services import order_prescriptions_attach

    order = order_prescriptions_attach(
        order=order, customer=customer, prescription_ids=[item.prescription_id]
    )
    assert (order.status, order.reservation_expires_at) == (S.CREATED, None)


def test_a_pending_prescription_is_attached_and_approval_releases_the_order(
    customer, customer_client, rx
):
    order = place_order(customer, [(rx, 1)])
    pending = PrescriptionFactory(owner=customer)
    response = customer_client.post(
        _attach_url(order), {"prescription_ids": [pending.pk]}, format="json"
    )
    assert response.json()["status"] == "awaiting_prescription"

    _approve(pending, product=rx, quantity=1)

    order.refresh_from_db()
    assert (order.status, order.prescription_claimed) == (S.AWAITING_PAYMENT, True)


def test_approval_of_a_prescription_that_covers_too_little_keeps_the_order_waiting(customer, rx):
    pending = PrescriptionFactory(owner=customer)
    order = place_order(customer, [(rx, 3)], prescription_ids=[pending.pk])
    _approve(pending, product=rx, quantity=2)
    order.refresh_from_db()
    assert order.status == S.AWAITING_PRESCRIPTION
    assert not PrescriptionUsage.objects.exists()


def test_approval_only_releases_orders_that_have_the_prescription_attached(
    customer, customer_b, rx
):
    pending = PrescriptionFactory(owner=customer)
    attached = place_order(customer, [(rx, 1)], prescription_ids=[pending.pk])
    unattached = place_order(customer, [(rx, 1)])
    someone_elses = place_order(customer_b, [(rx, 1)])
    _approve(pending, product=rx, quantity=5)
    statuses = {
        o.pk: o.status
        for o in type(attached).objects.filter(
            pk__in=[attached.pk, unattached.pk, someone_elses.pk]
        )
    }
    assert statuses == {
        attached.pk: S.AWAITING_PAYMENT,
        unattached.pk: S.AWAITING_PRESCRIPTION,
        someone_elses.pk: S.AWAITING_PRESCRIPTION,
    }


@pytest.mark.parametrize("event", [prescription_rejected, prescription_expired])
def test_rejection_or_expiry_tells_the_customer_which_order_waits(customer, rx, event):
    pending = PrescriptionFactory(owner=customer)
    order = place_order(customer, [(rx, 1)], prescription_ids=[pending.pk])
    event.send(sender=Prescription, prescription_id=pending.pk, owner_id=customer.pk)
    note = Notification.objects.get(user=customer, type="prescription_rejected")
    assert note.channel == "in_app"
    assert order.number in note.body
    order.refresh_from_db()
    assert order.status == S.AWAITING_PRESCRIPTION


def test_someone_elses_prescription_cannot_be_attached(customer, customer_client, rx):
    order = place_order(customer, [(rx, 1)])
    foreign = ApprovedPrescriptionFactory()
    response = customer_client.post(
        _attach_url(order), {"prescription_ids": [foreign.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_prescription"
    assert not order.prescriptions.exists()


def test_prescriptions_attach_only_to_orders_waiting_for_one(customer, customer_client):
    order = place_order(customer)
    response = customer_client.post(
        _attach_url(order),
        {"prescription_ids": [PrescriptionFactory(owner=customer).pk]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "order_not_awaiting_prescription"


ATTACH_ACCESS = {
    "anonymous": 401,
    "customer": 200,
    "customer_b": 404,
    "courier": 403,
    "courier_b": 403,
    "operator": 403,
    "admin": 403,
}


@pytest.mark.parametrize(("role", "expected"), ATTACH_ACCESS.items())
def test_attach_permission_table(clients, customer, role, expected):
    rx = stocked_product(requires_prescription=True)
    order = place_order(customer, [(rx, 1)])
    pending = PrescriptionFactory(owner=customer)
    response = clients[role].post(
        _attach_url(order), {"prescription_ids": [pending.pk]}, format="json"
    )
    assert response.status_code == expected
    assert order.prescriptions.exists() == (expected == 200)
