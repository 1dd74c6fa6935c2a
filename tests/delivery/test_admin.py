"""The back office: deliveries with badges and history, actions that call the services, the
zone editor, and the proof photo behind staff authorisation."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.delivery.models import Delivery, DeliveryStatus, DeliveryZone
from apps.delivery.services import delivery_confirm_with_photo, delivery_fail
from tests.conftest import ENGLISH
from tests.users.factories import AdminFactory, OperatorFactory

from .factories import (
    TASHKENT_SQUARE,
    assigned_delivery,
    on_shift,
    on_the_way_delivery,
    ready_delivery,
)
from .images import jpeg_with_metadata

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:delivery_delivery_changelist")


def _staff_client(user) -> Client:
    client = Client(**ENGLISH)
    client.force_login(user)
    return client


def _act(client, action: str, deliveries, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [d.pk for d in deliveries], **extra},
        follow=True,
    )


def test_operators_see_deliveries_with_status_badges_and_history(courier):
    delivery = assigned_delivery(courier)
    client = _staff_client(OperatorFactory())
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert delivery.order.number in listing.content.decode()
    assert "Courier assigned" in listing.content.decode()
    page = client.get(reverse("admin:delivery_delivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert "delivery status history" in page.content.decode().lower()


def test_the_assign_action_gives_deliveries_to_the_chosen_courier(courier):
    on_shift(courier)
    deliveries = [ready_delivery(), ready_delivery()]
    response = _act(
        _staff_client(OperatorFactory()), "assign_to_chosen_courier", deliveries, courier=courier.pk
    )
    assert response.status_code == 200
    assert set(Delivery.objects.values_list("courier_id", flat=True)) == {courier.pk}
    assert "2 delivery(ies) assigned." in response.content.decode()


def test_the_assign_action_reports_each_refusal(courier, settings):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 1
    on_shift(courier)
    first, second = ready_delivery(), ready_delivery()
    response = _act(
        _staff_client(OperatorFactory()),
        "assign_to_chosen_courier",
        [first, second],
        courier=courier.pk,
    )
    text = response.content.decode()
    assert "1 delivery(ies) assigned." in text
    assert second.order.number in text
    assert Delivery.objects.get(pk=second.pk).status == DeliveryStatus.READY


def test_the_assign_action_needs_a_courier():
    delivery = ready_delivery()
    response = _act(_staff_client(OperatorFactory()), "assign_to_chosen_courier", [delivery])
    assert "Choose a courier first." in response.content.decode()
    assert Delivery.objects.get(pk=delivery.pk).courier_id is None


def test_return_and_send_again_actions(courier, courier_b):
    delivery = on_the_way_delivery(courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_absent")
    client = _staff_client(OperatorFactory())
    too_early = _act(client, "send_again", [delivery])
    assert delivery.order.number in too_early.content.decode()
    _act(client, "mark_returned", [delivery])
    _act(client, "send_again", [delivery])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt) == (DeliveryStatus.READY, 2)
    on_shift(courier_b)
    _act(client, "auto_assign", [delivery])
    assert Delivery.objects.get(pk=delivery.pk).courier_id in {courier.pk, courier_b.pk}


def test_deliveries_cannot_be_added_edited_or_deleted_in_admin(courier):
    delivery = assigned_delivery(courier)
    client = _staff_client(AdminFactory())
    assert client.get(reverse("admin:delivery_delivery_add")).status_code == 403
    assert (
        client.get(reverse("admin:delivery_delivery_delete", args=[delivery.pk])).status_code == 403
    )
    change = client.post(
        reverse("admin:delivery_delivery_change", args=[delivery.pk]), {"status": "delivered"}
    )
    assert change.status_code == 403
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.ASSIGNED


# --- zones editor ----------------------------------------------------------------------------

ZONE_FORM = {
    "name": "Chilonzor",
    "is_active": "on",
    "fee": "9000.00",
    "free_delivery_from": "150000.00",
    "min_order_total": "0.00",
    "eta_min_minutes": "30",
    "eta_max_minutes": "60",
}


def test_admins_draw_a_polygon_zone():
    client = _staff_client(AdminFactory())
    response = client.post(
        reverse("admin:delivery_deliveryzone_add"),
        {**ZONE_FORM, "polygon": json.dumps(TASHKENT_SQUARE)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    zone = DeliveryZone.objects.get(name="Chilonzor")
    assert zone.polygon == TASHKENT_SQUARE


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"polygon": json.dumps([[[69.1, 41.2], [69.4, 41.2], [69.4, 41.4]]])}, "4 to"),
        ({"polygon": "null"}, "either a polygon or a centre"),
        (
            {
                "polygon": json.dumps(TASHKENT_SQUARE),
                "center_latitude": "41.3",
                "center_longitude": "69.2",
                "radius_km": "5",
            },
            "not both",
        ),
        ({"polygon": "null", "center_latitude": "41.3", "center_longitude": "69.2"}, "either"),
    ],
)
def test_the_zone_editor_refuses_broken_shapes(fields, message):
    client = _staff_client(AdminFactory())
    response = client.post(reverse("admin:delivery_deliveryzone_add"), {**ZONE_FORM, **fields})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DeliveryZone.objects.exists()


def test_operators_may_look_at_zones_but_not_change_them():
    client = _staff_client(OperatorFactory())
    assert client.get(reverse("admin:delivery_deliveryzone_changelist")).status_code == 200
    assert client.get(reverse("admin:delivery_deliveryzone_add")).status_code == 403


# --- the proof photo -------------------------------------------------------------------------


def _photo_proof(courier) -> Delivery:
    delivery = on_the_way_delivery(courier)
    photo = SimpleUploadedFile("door.jpg", jpeg_with_metadata(), content_type="image/jpeg")
    return delivery_confirm_with_photo(
        delivery=delivery, courier=courier, photo=photo, note="Phone off"
    )


def test_staff_view_the_proof_photo_privately(courier, operator_client):
    delivery = _photo_proof(courier)
    url = reverse("delivery-proof-photo", kwargs={"delivery_id": delivery.pk})
    response = operator_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    admin_page = _staff_client(OperatorFactory()).get(
        reverse("admin:delivery_delivery_change", args=[delivery.pk])
    )
    assert url in admin_page.content.decode()


def test_the_proof_photo_goes_through_nginx_when_configured(courier, operator_client, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/private-media/"
    delivery = _photo_proof(courier)
    response = operator_client.get(
        reverse("delivery-proof-photo", kwargs={"delivery_id": delivery.pk})
    )
    assert response["X-Accel-Redirect"] == f"/private-media/{delivery.proof_photo.name}"
    assert response.content == b""


def test_a_delivery_without_a_photo_has_none_to_show(courier, operator_client):
    delivery = on_the_way_delivery(courier)
    response = operator_client.get(
        reverse("delivery-proof-photo", kwargs={"delivery_id": delivery.pk})
    )
    assert response.status_code == 404


def test_proof_photos_have_no_public_url(courier, settings):
    delivery = _photo_proof(courier)
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))
    with pytest.raises(ValueError, match="no public URL"):
        str(delivery.proof_photo.url)
