"""The courier's flow over HTTP: own deliveries only, what the courier sees, status updates that
drive the order, the handover code (with its lock), photo proof, and failed deliveries."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from apps.delivery.errors import DeliveryTransitionNotAllowed, InvalidDeliveryTransition
from apps.delivery.models import Delivery, DeliveryStatus
from apps.delivery.services import (
    courier_shift_end,
    delivery_fail,
    delivery_retry,
    delivery_return,
    delivery_status_update,
    handover_code_reissue,
)
from apps.orders.models import Order, OrderStatus, StockState
from apps.orders.services import order_transition
from apps.products.models import StockBatch
from tests.orders.factories import stocked_product
from tests.prescriptions.factories import ApprovedPrescriptionFactory, PrescriptionItemFactory
from tests.users.factories import CustomerFactory, OperatorFactory

from .factories import (
    PickupPointFactory,
    assigned_delivery,
    handover_code,
    on_shift,
    on_the_way_delivery,
)
from .images import APPENDED_SCRIPT, jpeg_with_metadata

pytestmark = pytest.mark.django_db

LIST = reverse("courier-delivery-list")


def detail(delivery) -> str:
    return reverse("courier-delivery-detail", kwargs={"delivery_id": delivery.pk})


def action(delivery, name: str) -> str:
    return reverse(f"courier-delivery-{name}", kwargs={"delivery_id": delivery.pk})


def _error(response) -> str:
    return response.json()["error"]["code"]


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10_000:04d}"


# --- what the courier sees ---------------------------------------------------------------------


def test_the_list_shows_the_couriers_own_active_or_done_deliveries(
    courier, courier_b, courier_client, settings
):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 5
    mine = [assigned_delivery(courier), on_the_way_delivery(courier)]
    failed = on_the_way_delivery(courier)
    delivery_fail(delivery=failed, actor=courier, reason="customer_absent")
    assigned_delivery(courier_b)

    active = courier_client.get(LIST).json()
    done = courier_client.get(LIST, {"state": "done"}).json()

    assert sorted(d["id"] for d in active["results"]) == sorted(d.pk for d in mine)
    assert [d["id"] for d in done["results"]] == [failed.pk]
    first = active["results"][0]
    assert set(first) == {
        "id",
        "order_number",
        "status",
        "attempt",
        "address_text",
        "customer_first_name",
        "items_count",
        "order_id",
        "payment_method",
        "cash_to_collect",
        "cash_received",
        "eta_earliest",
        "eta_latest",
        "updated_at",
    }


def test_an_unknown_list_state_is_a_400(courier_client):
    response = courier_client.get(LIST, {"state": "everything"})
    assert (response.status_code, _error(response)) == (400, "validation_error")


@pytest.mark.parametrize("count", [1, 4, 8])
def test_the_list_runs_a_fixed_number_of_queries(
    courier, courier_client, settings, django_assert_max_num_queries, count
):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 10
    for _ in range(count):
        assigned_delivery(courier)
    with django_assert_max_num_queries(3):
        response = courier_client.get(LIST, {"page_size": 5})
    assert response.json()["count"] == count


def test_the_detail_runs_a_fixed_number_of_queries(
    courier, courier_client, django_assert_max_num_queries
):
    lines = [(stocked_product(), 1) for _ in range(5)]
    delivery = assigned_delivery(courier, lines=lines)
    with django_assert_max_num_queries(3):
        response = courier_client.get(detail(delivery))
    assert len(response.json()["items"]) == 5


def test_the_detail_has_what_the_courier_needs_and_no_prescriptions(courier, courier_client):
    pharmacy = PickupPointFactory(name="Dorixona Markaziy")
    aspirin = stocked_product(price=Decimal("8500.00"), requires_prescription=False)
    antibiotic = stocked_product(price=Decimal("41000.00"), requires_prescription=True)
    customer = CustomerFactory()
    prescription = ApprovedPrescriptionFactory(owner=customer, doctor_name="Dr Karimov")
    PrescriptionItemFactory(prescription=prescription, product=antibiotic, quantity=1)
    delivery = assigned_delivery(
        courier,
        customer=customer,
        lines=[(aspirin, 2), (antibiotic, 1)],
        payment_method="cash",
        prescription_ids=[prescription.pk],
    )
    order = delivery.order

    response = courier_client.get(detail(delivery))

    body = response.json()
    assert response.status_code == 200
    assert body["customer_first_name"] == order.customer.first_name
    assert body["customer_phone"] == order.customer.phone_number
    assert body["address_text"] == order.address_text
    assert (body["latitude"], body["longitude"]) == ("41.285000", "69.204000")
    assert sorted((i["name"], i["quantity"]) for i in body["items"]) == sorted(
        [(str(aspirin), 2), (str(antibiotic), 1)]
    )
    assert body["pickup_point"]["name"] == pharmacy.name
    assert body["next_statuses"] == ["picked_up"]
    content = response.content.decode()
    assert "prescription" not in content
    assert "Karimov" not in content


def test_cash_to_collect_is_the_order_total_for_cash_orders(courier, courier_client):
    cash = assigned_delivery(courier, payment_method="cash")
    body = courier_client.get(detail(cash)).json()
    assert body["payment_method"] == "cash"
    assert Decimal(body["cash_to_collect"]) == cash.order.total > 0
    listed = courier_client.get(LIST).json()["results"][0]
    assert Decimal(listed["cash_to_collect"]) == cash.order.total


def test_the_cash_shows_as_received_once_the_courier_records_it(courier, courier_client):
    cash = assigned_delivery(courier, payment_method="cash")
    body = courier_client.get(detail(cash)).json()
    assert (body["order_id"], body["cash_received"]) == (cash.order_id, False)

    confirmed = courier_client.post(
        reverse("payments-cash-confirm"),
        {"order_id": body["order_id"], "amount": body["cash_to_collect"]},
        format="json",
    )
    assert confirmed.status_code in (200, 201), confirmed.content

    assert courier_client.get(detail(cash)).json()["cash_received"] is True
    assert courier_client.get(LIST).json()["results"][0]["cash_received"] is True


def test_nothing_to_collect_for_orders_paid_online(courier, courier_client):
    paid = assigned_delivery(courier, payment_method="payme")
    body = courier_client.get(detail(paid)).json()
    assert (body["cash_to_collect"], body["cash_received"]) == ("0.00", False)


def test_the_customers_phone_is_hidden_once_the_delivery_is_done(courier, courier_client):
    delivery = on_the_way_delivery(courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_absent")
    assert courier_client.get(detail(delivery)).json()["customer_phone"] is None


# --- another courier's delivery ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "fmt"),
    [
        ("detail", None, None),
        ("status", {"status": "picked_up"}, "json"),
        ("location", {"latitude": "41.3", "longitude": "69.2"}, "json"),
        ("confirm", {"code": "1234"}, "json"),
        ("fail", {"reason": "customer_absent"}, "json"),
    ],
)
def test_courier_2_cannot_see_or_touch_courier_1s_delivery(
    courier, courier_b_client, name, body, fmt
):
    delivery = on_the_way_delivery(courier)
    before = (delivery.status, delivery.handover_failed_attempts, delivery.last_location_at)
    if name == "detail":
        response = courier_b_client.get(detail(delivery))
    else:
        response = courier_b_client.post(action(delivery, name), body, format=fmt)
    assert (response.status_code, _error(response)) == (404, "not_found")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.handover_failed_attempts, delivery.last_location_at) == before


# --- status updates drive the order ------------------------------------------------------------


def test_picking_up_keeps_the_order_ready_and_setting_off_puts_it_on_the_way(
    courier, courier_client, sms_gateway
):
    delivery = assigned_delivery(courier)
    picked = courier_client.post(action(delivery, "status"), {"status": "picked_up"}, format="json")
    assert picked.json()["status"] == "picked_up"
    assert Order.objects.get(pk=delivery.order_id).status == OrderStatus.READY_FOR_DELIVERY

    with TestCase.captureOnCommitCallbacks(execute=True):
        off = courier_client.post(
            action(delivery, "status"), {"status": "on_the_way"}, format="json"
        )

    assert off.json()["status"] == "on_the_way"
    assert off.json()["handover"]["attempts_left"] == 3
    order = Order.objects.get(pk=delivery.order_id)
    assert order.status == OrderStatus.ON_THE_WAY
    assert order.history.last().actor_id == courier.pk
    assert re.fullmatch(r"\d{4}", handover_code(sms_gateway, delivery))
    delivery.refresh_from_db()
    assert delivery.on_the_way_at is not None
    assert len(delivery.handover_code_hash) == 64  # only the keyed hash is kept


def test_skipping_pickup_is_refused(courier, courier_client):
    delivery = assigned_delivery(courier)
    response = courier_client.post(
        action(delivery, "status"), {"status": "on_the_way"}, format="json"
    )
    assert (response.status_code, _error(response)) == (403, "delivery_transition_not_allowed")


@pytest.mark.parametrize("status", ["delivered", "assigned", "failed", "returned", "ready"])
def test_the_status_endpoint_only_reports_pickup_and_departure(courier, courier_client, status):
    delivery = assigned_delivery(courier)
    response = courier_client.post(action(delivery, "status"), {"status": status}, format="json")
    assert (response.status_code, _error(response)) == (400, "validation_error")


def test_the_right_code_hands_over_and_completes_the_order(courier, courier_client, sms_gateway):
    delivery = on_the_way_delivery(courier)
    code = handover_code(sms_gateway, delivery)

    response = courier_client.post(action(delivery, "confirm"), {"code": code}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["proof_method"]) == ("delivered", "code")
    order = Order.objects.get(pk=delivery.order_id)
    assert (order.status, order.stock_state) == (OrderStatus.DELIVERED, StockState.SOLD)
    assert order.delivered_at is not None
    batch = StockBatch.objects.get(order_allocations__item__order=order)
    assert batch.reserved == 0


def test_wrong_codes_lock_confirmation_by_code(courier, courier_client, sms_gateway):
    delivery = on_the_way_delivery(courier)
    code = handover_code(sms_gateway, delivery)
    url = action(delivery, "confirm")

    left = []
    for _ in range(3):
        response = courier_client.post(url, {"code": wrong(code)}, format="json")
        assert (response.status_code, _error(response)) == (400, "handover_code_invalid")
        left.append(response.json()["error"]["details"]["attempts_left"])
    locked = courier_client.post(url, {"code": code}, format="json")

    assert left == [2, 1, 0]
    assert (locked.status_code, _error(locked)) == (409, "handover_code_locked")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.handover_failed_attempts) == (DeliveryStatus.ON_THE_WAY, 3)
    handover = courier_client.get(detail(delivery)).json()["handover"]
    assert (handover["attempts_left"], handover["is_locked"]) == (0, True)
    assert Order.objects.get(pk=delivery.order_id).status == OrderStatus.ON_THE_WAY


def test_a_new_code_from_staff_unlocks_and_the_old_one_stops_working(
    courier, courier_client, sms_gateway
):
    delivery = on_the_way_delivery(courier)
    old = handover_code(sms_gateway, delivery)
    for _ in range(3):
        courier_client.post(action(delivery, "confirm"), {"code": wrong(old)}, format="json")
    with TestCase.captureOnCommitCallbacks(execute=True):
        handover_code_reissue(delivery=delivery, actor=OperatorFactory())
    new = handover_code(sms_gateway, delivery)

    if old != new:
        stale = courier_client.post(action(delivery, "confirm"), {"code": old}, format="json")
        assert _error(stale) == "handover_code_invalid"
    fresh = courier_client.post(action(delivery, "confirm"), {"code": new}, format="json")
    assert fresh.json()["status"] == "delivered"


@pytest.mark.parametrize("code", ["123", "12345", "abcd", "١٢٣٤", ""])
def test_codes_are_exactly_four_ascii_digits(courier, courier_client, code):
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(action(delivery, "confirm"), {"code": code}, format="json")
    assert (response.status_code, _error(response)) == (400, "validation_error")
    delivery.refresh_from_db()
    assert delivery.handover_failed_attempts == 0


def test_confirming_before_setting_off_is_refused(courier, courier_client):
    delivery = assigned_delivery(courier)
    response = courier_client.post(action(delivery, "confirm"), {"code": "1234"}, format="json")
    assert (response.status_code, _error(response)) == (409, "invalid_delivery_transition")


# --- photo proof ------------------------------------------------------------------------------


def _photo(data: bytes | None = None, name="proof.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or jpeg_with_metadata(), content_type="image/jpeg")


def test_a_photo_proves_the_handover_when_the_customer_has_no_code(
    courier, courier_client, private_media, settings
):
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(
        action(delivery, "confirm"),
        {"photo": _photo(), "note": "Customer's phone is dead"},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["proof_method"] == "photo"
    delivery.refresh_from_db()
    assert delivery.proof_note == "Customer's phone is dead"
    stored = private_media / delivery.proof_photo.name
    assert stored.is_file()
    assert not (settings.MEDIA_ROOT / delivery.proof_photo.name).exists()
    data = stored.read_bytes()
    assert APPENDED_SCRIPT not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()  # no camera, no GPS, orientation applied
        assert image.size == (48, 64)
    assert Order.objects.get(pk=delivery.order_id).status == OrderStatus.DELIVERED


def test_a_photo_is_accepted_after_the_code_was_locked(courier, courier_client, sms_gateway):
    delivery = on_the_way_delivery(courier)
    code = handover_code(sms_gateway, delivery)
    for _ in range(3):
        courier_client.post(action(delivery, "confirm"), {"code": wrong(code)}, format="json")
    response = courier_client.post(
        action(delivery, "confirm"), {"photo": _photo(), "note": "Code lost"}, format="multipart"
    )
    assert response.json()["status"] == "delivered"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"note": ""}, "proof_note_required"),
        ({"photo": b"GIF89a not really", "note": "x"}, "image_type_not_allowed"),
        ({"photo": b"%PDF-1.7\n", "note": "x"}, "image_type_not_allowed"),
    ],
)
def test_bad_photo_proofs_are_refused_and_nothing_is_stored(
    courier, courier_client, private_media, body, code
):
    delivery = on_the_way_delivery(courier)
    payload = {"photo": _photo(body.get("photo")), "note": body["note"]}
    response = courier_client.post(action(delivery, "confirm"), payload, format="multipart")
    assert (response.status_code, _error(response)) == (400, code)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.ON_THE_WAY
    assert not list(private_media.rglob("*.*"))


def test_a_photo_too_large_is_refused_before_decoding(courier, courier_client, settings):
    settings.DELIVERY_PROOF_PHOTO_MAX_BYTES = 100
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(
        action(delivery, "confirm"), {"photo": _photo(), "note": "x"}, format="multipart"
    )
    assert (response.status_code, _error(response)) == (400, "image_too_large")


def test_a_refused_handover_removes_the_stored_photo(courier, courier_client, private_media):
    delivery = assigned_delivery(courier)  # not on the way yet
    response = courier_client.post(
        action(delivery, "confirm"), {"photo": _photo(), "note": "x"}, format="multipart"
    )
    assert (response.status_code, _error(response)) == (409, "invalid_delivery_transition")
    assert not list(private_media.rglob("*.*"))


def test_code_and_photo_together_are_a_validation_error(courier, courier_client):
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(
        action(delivery, "confirm"),
        {"code": "1234", "photo": _photo(), "note": "x"},
        format="multipart",
    )
    assert (response.status_code, _error(response)) == (400, "validation_error")


# --- failed deliveries -------------------------------------------------------------------------


def test_a_failed_delivery_sends_the_order_back_to_ready(courier, courier_client):
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(
        action(delivery, "fail"),
        {"reason": "customer_absent", "note": "Rang the bell twice"},
        format="json",
    )
    body = response.json()
    assert (body["status"], body["failure_reason"]) == ("failed", "customer_absent")
    order = Order.objects.get(pk=delivery.order_id)
    assert order.status == OrderStatus.READY_FOR_DELIVERY
    assert order.stock_state == StockState.RESERVED
    assert delivery.history.last().reason == "customer_absent: Rang the bell twice"


def test_a_parcel_that_failed_before_setting_off_leaves_the_order_alone(courier):
    delivery = assigned_delivery(courier)
    delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
    delivery_fail(delivery=delivery, actor=courier, reason="parcel_damaged")
    assert Order.objects.get(pk=delivery.order_id).status == OrderStatus.READY_FOR_DELIVERY


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"reason": "other"}, "reason_required"),
        ({"reason": "order_cancelled"}, "validation_error"),
        ({"reason": "because"}, "validation_error"),
    ],
)
def test_a_failure_needs_a_listed_reason(courier, courier_client, body, code):
    delivery = on_the_way_delivery(courier)
    response = courier_client.post(action(delivery, "fail"), body, format="json")
    assert (response.status_code, _error(response)) == (400, code)


def test_a_delivery_not_yet_picked_up_cannot_fail(courier, courier_client):
    delivery = assigned_delivery(courier)
    response = courier_client.post(
        action(delivery, "fail"), {"reason": "customer_absent"}, format="json"
    )
    assert (response.status_code, _error(response)) == (409, "invalid_delivery_transition")


def test_after_a_failure_staff_take_the_parcel_back_and_send_it_again(courier, courier_b, settings):
    delivery = on_the_way_delivery(courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_unreachable")
    operator = OperatorFactory()
    delivery_return(delivery=delivery, actor=operator, note="On the shelf")
    settings.DELIVERY_AUTO_ASSIGN = True
    courier_shift_end(courier=courier)
    on_shift(courier_b)

    again = delivery_retry(delivery=delivery, actor=operator)

    assert (again.attempt, again.status, again.courier_id) == (2, "assigned", courier_b.pk)
    assert (again.failure_reason, again.handover_code_hash, again.picked_up_at) == ("", "", None)
    assert list(again.history.values_list("attempt", "to_status")) == [
        (1, "ready"),
        (1, "assigned"),
        (1, "picked_up"),
        (1, "on_the_way"),
        (1, "failed"),
        (1, "returned"),
        (2, "ready"),
        (2, "assigned"),
    ]
    assert Order.objects.get(pk=delivery.order_id).status == OrderStatus.READY_FOR_DELIVERY


def test_a_parcel_must_be_back_before_it_is_sent_again(courier):
    delivery = on_the_way_delivery(courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_unreachable")
    with pytest.raises(InvalidDeliveryTransition):
        delivery_retry(delivery=delivery, actor=OperatorFactory())


def test_a_cancelled_order_is_not_sent_again(courier):
    delivery = on_the_way_delivery(courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_refused")
    operator = OperatorFactory()
    delivery_return(delivery=delivery, actor=operator)
    order_transition(
        order=delivery.order, to=OrderStatus.CANCELLED, actor=operator, reason="Refused"
    )
    with pytest.raises(InvalidDeliveryTransition) as refused:
        delivery_retry(delivery=delivery, actor=operator)
    assert refused.value.details["order_status"] == "cancelled"
    order = Order.objects.get(pk=delivery.order_id)
    assert order.stock_state == StockState.RELEASED


def test_couriers_cannot_mark_parcels_returned_or_send_them_again(courier):
    delivery = on_the_way_delivery(courier)
    delivery_fail(delivery=delivery, actor=courier, reason="customer_unreachable")
    with pytest.raises(DeliveryTransitionNotAllowed):
        delivery_return(delivery=delivery, actor=courier)
