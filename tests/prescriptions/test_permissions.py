"""Who may do what with prescriptions, per role and endpoint (SECURITY.md, authorization).

`customer` owns the prescription under test; `customer_b` is another customer. Object URLs
answer 404 to everyone who may not see the object (other customers, couriers), so they do not
reveal that it exists; collections answer 403 to roles that have none."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.prescriptions.models import Prescription, PrescriptionStatus
from tests.conftest import ROLES
from tests.prescriptions import images
from tests.prescriptions.factories import pending_with_page
from tests.products.factories import ProductFactory

pytestmark = pytest.mark.django_db

#                 anonymous customer customer_b courier courier_b operator admin
EXPECTED = {
    "list": (401, 200, 200, 403, 403, 200, 200),
    "upload": (401, 201, 201, 403, 403, 403, 403),
    "detail": (401, 200, 404, 404, 404, 200, 200),
    "delete": (401, 204, 404, 404, 404, 403, 403),
    "approve": (401, 403, 403, 403, 403, 200, 200),
    "reject": (401, 403, 403, 403, 403, 200, 200),
    "image": (401, 200, 404, 404, 404, 200, 200),
}
CASES = [
    (endpoint, role, status)
    for endpoint, statuses in EXPECTED.items()
    for role, status in zip(ROLES, statuses, strict=True)
]


def call(endpoint: str, client, prescription: Prescription):
    base = f"/api/v1/prescriptions/{prescription.pk}/"
    if endpoint == "list":
        return client.get("/api/v1/prescriptions/")
    if endpoint == "upload":
        return client.post(
            "/api/v1/prescriptions/",
            {"images": [images.upload(images.jpeg())]},
            format="multipart",
        )
    if endpoint == "detail":
        return client.get(base)
    if endpoint == "delete":
        return client.delete(base)
    if endpoint == "approve":
        product = ProductFactory(requires_prescription=True)
        valid_until = (timezone.localdate() + timedelta(days=10)).isoformat()
        return client.post(
            f"{base}approve/",
            {"valid_until": valid_until, "items": [{"product": product.pk, "quantity": 1}]},
        )
    if endpoint == "reject":
        return client.post(f"{base}reject/", {"reason": "unreadable"})
    if endpoint == "image":
        return client.get(f"{base}images/{prescription.images.get().pk}/")
    raise AssertionError(endpoint)


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_permission_table(endpoint, role, expected, clients, customer):
    prescription = pending_with_page(owner=customer)
    response = call(endpoint, clients[role], prescription)
    assert response.status_code == expected, (endpoint, role, response.content[:300])
    if expected >= 400:
        assert Prescription.objects.filter(
            pk=prescription.pk, status=PrescriptionStatus.PENDING
        ).exists(), "a refused request changed nothing"
        assert response.json()["error"]["code"]


def listed_ids(client) -> list[int]:
    return sorted(p["id"] for p in client.get("/api/v1/prescriptions/").json()["results"])


def test_list_shows_each_customer_only_their_own(clients, customer, customer_b):
    own = pending_with_page(owner=customer)
    theirs = pending_with_page(owner=customer_b)
    assert listed_ids(clients["customer"]) == [own.pk]
    assert listed_ids(clients["customer_b"]) == [theirs.pk]
    assert listed_ids(clients["operator"]) == listed_ids(clients["admin"]) == [own.pk, theirs.pk]
