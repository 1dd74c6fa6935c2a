from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.users.models import Address
from tests.users.conftest import url
from tests.users.factories import AddressFactory, CustomerFactory

pytestmark = pytest.mark.django_db

ADDRESSES = url("me/addresses/")
BODY = {
    "label": "Home",
    "region": "tashkent_city",
    "city": "Tashkent",
    "street": "Amir Temur street",
    "house": "108",
    "apartment": "12",
    "entrance": "2",
    "floor": "4",
    "landmark": "Opposite the metro",
    "latitude": "41.311081",
    "longitude": "69.240562",
}


def _detail(address_id: int) -> str:
    return f"{ADDRESSES}{address_id}/"


def test_create_list_update_delete(customer_client, customer):
    created = customer_client.post(ADDRESSES, BODY, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["is_default"] is True  # the first address is the default
    assert body["latitude"] == "41.311081"
    address = Address.objects.get(pk=body["id"])
    assert address.user == customer
    assert address.latitude == Decimal("41.311081")

    listed = customer_client.get(ADDRESSES).json()
    assert [a["id"] for a in listed["results"]] == [body["id"]]

    patched = customer_client.patch(_detail(body["id"]), {"floor": "5"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["floor"] == "5"

    assert customer_client.delete(_detail(body["id"])).status_code == 204
    assert customer_client.get(_detail(body["id"])).status_code == 404
    address.refresh_from_db()
    assert address.deleted_at is not None  # soft delete: orders may refer to it


def test_a_new_default_replaces_the_old_one(customer_client, customer):
    first = AddressFactory(user=customer, is_default=True)
    second = customer_client.post(ADDRESSES, {**BODY, "is_default": True}, format="json").json()
    third = customer_client.post(ADDRESSES, BODY, format="json").json()
    assert third["is_default"] is False
    first.refresh_from_db()
    assert not first.is_default
    assert Address.objects.get(pk=second["id"]).is_default
    listed = customer_client.get(ADDRESSES).json()["results"]
    assert listed[0]["id"] == second["id"]  # default first


def test_deleting_the_default_promotes_the_newest_other(customer_client, customer):
    default = AddressFactory(user=customer, is_default=True)
    AddressFactory(user=customer)
    newest = AddressFactory(user=customer)
    customer_client.delete(_detail(default.pk))
    newest.refresh_from_db()
    assert newest.is_default


def test_the_database_allows_one_default_per_user(customer):
    AddressFactory(user=customer, is_default=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(user=customer, is_default=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(user=customer, deleted_at=timezone.now(), is_default=True)


def test_the_number_of_addresses_is_capped(customer_client, customer, settings):
    settings.ADDRESS_MAX_PER_USER = 2
    AddressFactory.create_batch(2, user=customer)
    response = customer_client.post(ADDRESSES, BODY, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "address_limit_reached"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"latitude": "91"}, "latitude"),
        ({"longitude": "-181"}, "longitude"),
        ({"latitude": "41.3", "longitude": None}, "latitude"),
        ({"region": "moscow"}, "region"),
        ({"street": ""}, "street"),
        ({"latitude": "41.1234567"}, "latitude"),
    ],
)
def test_invalid_addresses_are_refused(customer_client, change, field):
    response = customer_client.post(ADDRESSES, {**BODY, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_coordinates_are_optional(customer_client):
    body = {k: v for k, v in BODY.items() if k not in ("latitude", "longitude")}
    response = customer_client.post(ADDRESSES, body, format="json")
    assert response.status_code == 201
    assert response.json()["latitude"] is None


def test_owner_fields_in_the_body_are_ignored(customer_client, customer, customer_b):
    response = customer_client.post(
        ADDRESSES, {**BODY, "user": customer_b.pk, "id": 12345}, format="json"
    )
    assert Address.objects.get(pk=response.json()["id"]).user == customer


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_customers_address_is_not_found(customer_client, customer_b, method):
    foreign = AddressFactory(user=customer_b)
    response = getattr(customer_client, method)(_detail(foreign.pk), {"floor": "9"}, format="json")
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.floor == ""
    assert foreign.deleted_at is None


@pytest.mark.parametrize("page_size", [1, 5, 20])
def test_the_list_runs_a_constant_number_of_queries(
    customer_client, customer, page_size, django_assert_max_num_queries
):
    AddressFactory.create_batch(20, user=customer)
    AddressFactory.create_batch(3, user=CustomerFactory())
    with django_assert_max_num_queries(4):
        response = customer_client.get(ADDRESSES, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    assert response.json()["count"] == 20


def test_an_address_deleted_after_it_was_read_is_a_404_not_a_500(customer):
    """Found by schema fuzzing: a PATCH racing a DELETE of the same address answered 500."""
    from apps.core.errors import NotFound
    from apps.users.services.addresses import address_delete, address_update

    address = AddressFactory(user=customer)
    stale = Address.objects.get(pk=address.pk)
    address_delete(address=address)
    with pytest.raises(NotFound):
        address_update(address=stale, data={"floor": "2"})
    with pytest.raises(NotFound):
        address_delete(address=stale)
