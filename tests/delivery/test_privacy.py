"""Delivery's part of the privacy rights: the export names a person's deliveries (and a
courier's shifts and runs); deleting an account scrubs addresses, pins, pings and photos."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from apps.delivery.models import Delivery, DeliveryLocationPing
from apps.delivery.services import (
    courier_shift_start,
    delivery_confirm_with_photo,
    delivery_location_record,
)
from tests.conftest import TEST_PASSWORD, client_for

from .factories import on_the_way_delivery
from .images import jpeg_with_metadata

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/users/me/export/"
ME = "/api/v1/users/me/"


def test_the_export_lists_the_customers_deliveries(courier, customer, customer_b):
    mine = on_the_way_delivery(courier, customer=customer)
    on_the_way_delivery(courier, customer=customer_b)
    data = client_for(customer).get(EXPORT).json()["deliveries"]
    assert [d["order_number"] for d in data["received"]] == [mine.order.number]
    assert data["received"][0]["address"] == mine.address_text
    assert "shifts" not in data


def test_the_export_lists_a_couriers_shifts_and_runs(courier):
    courier_shift_start(courier=courier)
    delivery = on_the_way_delivery(courier)
    data = client_for(courier).get(EXPORT).json()["deliveries"]
    assert len(data["shifts"]) == 1
    assert [(d["order_number"], d["status"]) for d in data["carried"]] == [
        (delivery.order.number, "on_the_way")
    ]


def test_deleting_an_account_scrubs_where_its_deliveries_went(courier, customer, private_media):
    delivery = on_the_way_delivery(courier, customer=customer)
    delivery_location_record(
        delivery=delivery, courier=courier, latitude=Decimal("41.3"), longitude=Decimal("69.2")
    )
    photo = SimpleUploadedFile("door.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    delivery_confirm_with_photo(delivery=delivery, courier=courier, photo=photo, note="Door")
    stored = private_media / Delivery.objects.get(pk=delivery.pk).proof_photo.name
    assert stored.is_file()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(customer).delete(ME, {"password": TEST_PASSWORD}, format="json")

    assert response.status_code == 204, response.content
    delivery.refresh_from_db()
    assert (delivery.address_text, delivery.latitude, delivery.last_latitude) == ("", None, None)
    assert (delivery.proof_photo.name, delivery.proof_note) == ("", "")
    assert delivery.status == "delivered"  # the record stays for the books
    assert not DeliveryLocationPing.objects.exists()
    assert not stored.exists()
