"""Customers upload prescriptions (multipart, 1-5 pages in `images`) and may delete them
while pending. Every page is re-encoded and stored privately under a new name."""

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from PIL import Image

from apps.prescriptions.models import Prescription, PrescriptionImage, PrescriptionStatus
from apps.prescriptions.services import prescription_create
from tests.prescriptions import images
from tests.prescriptions.factories import (
    ApprovedPrescriptionFactory,
    PrescriptionItemFactory,
    pending_with_page,
)
from tests.products.factories import ProductFactory
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/prescriptions/"


def post(client, *pages, **fields):
    return client.post(URL, {"images": list(pages), **fields}, format="multipart")


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_customer_uploads_pages_stored_privately_under_server_names(
    customer_client, customer, settings, private_media
):
    response = post(
        customer_client,
        images.upload(images.jpeg_with_gps(), name="C:\\photos\\my retsept.jpg"),
        images.upload(images.png(), name="page2.jpg", content_type="image/jpeg"),
        doctor_name="Dr. Karimov",
        clinic_name="Poliklinika 5",
        issued_on=timezone.localdate().isoformat(),
        e_prescription_number="RX-2026/0042",
        customer_note="Two pages",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending"
    assert body["doctor_name"] == "Dr. Karimov"
    assert body["e_prescription_number"] == "RX-2026/0042"
    assert [page["content_type"] for page in body["images"]] == ["image/jpeg", "image/png"]
    assert [page["original_name"] for page in body["images"]] == ["my retsept.jpg", "page2.jpg"]
    assert "owner" not in body  # the owner's shape, not the pharmacist's

    prescription = Prescription.objects.get(pk=body["id"])
    assert prescription.owner == customer
    files = stored_files(private_media)
    assert len(files) == 2
    assert stored_files(settings.MEDIA_ROOT) == []
    for page in prescription.images.all():
        assert page.file.name.startswith("prescriptions/")
        assert "retsept" not in page.file.name
        assert "page2" not in page.file.name
        with page.file.open("rb") as stored:
            assert not Image.open(stored).getexif()  # the GPS position is gone
    assert body["images"][0]["url"].endswith(
        f"/api/v1/prescriptions/{prescription.pk}/images/{prescription.images.first().pk}/"
    )


def test_payload_appended_to_a_photo_never_reaches_the_disk(customer_client, private_media):
    data = images.jpeg() + images.SCRIPT + images.zip_archive()
    response = post(customer_client, images.upload(data))
    assert response.status_code == 201
    (stored,) = stored_files(private_media)
    content = stored.read_bytes()
    assert b"<script" not in content
    assert b"PK\x03\x04" not in content


@pytest.mark.parametrize(
    ("data", "name", "content_type", "code"),
    [
        (images.png_bomb(), "scan.png", "image/png", "image_too_many_pixels"),
        (images.gif(), "scan.gif", "image/gif", "image_type_not_allowed"),
        (images.gif(), "scan.jpg", "image/jpeg", "image_type_not_allowed"),
        (images.bmp(), "scan.bmp", "image/bmp", "image_type_not_allowed"),
        (images.SVG_WITH_SCRIPT, "scan.svg", "image/svg+xml", "image_type_not_allowed"),
        (images.SVG_WITH_SCRIPT, "scan.png", "image/png", "image_type_not_allowed"),
        (images.HTML_PAGE, "scan.jpg", "image/jpeg", "image_type_not_allowed"),
        (images.pdf(), "scan.pdf", "application/pdf", "image_type_not_allowed"),
        (
            images.truncated(images.jpeg(size=(400, 300))),
            "scan.jpg",
            "image/jpeg",
            "image_unreadable",
        ),
        (b"x" * 6000, "scan.jpg", "image/jpeg", "image_too_large"),
    ],
    ids=[
        "100-megapixel-png",
        "gif",
        "gif-named-jpg",
        "bmp",
        "svg",
        "svg-named-png",
        "html-named-jpg",
        "pdf",
        "truncated-jpeg",
        "oversized",
    ],
)
def test_malicious_or_broken_files_are_refused_and_nothing_is_stored(
    customer_client, settings, private_media, data, name, content_type, code
):
    settings.PRESCRIPTION_IMAGE_MAX_BYTES = 100 * 1024 if code != "image_too_large" else 5000
    response = post(customer_client, images.upload(data, name=name, content_type=content_type))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["details"]["images"] == {"0": [error["message"]]}
    assert not Prescription.objects.exists()
    assert stored_files(private_media) == []


def test_one_bad_page_refuses_the_whole_upload(customer_client, private_media):
    response = post(
        customer_client,
        images.upload(images.jpeg()),
        images.upload(images.gif(), name="page2.jpg"),
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["images"]) == ["1"]
    assert not PrescriptionImage.objects.exists()
    assert stored_files(private_media) == []


@pytest.mark.parametrize("count", [0, 6])
def test_a_prescription_has_one_to_five_pages(customer_client, count):
    response = post(customer_client, *[images.upload(images.jpeg()) for _ in range(count)])
    assert response.status_code == 400
    assert not Prescription.objects.exists()


def test_hundreds_of_files_are_a_400_in_the_error_format(customer_client):
    response = post(customer_client, *[images.upload(b"x") for _ in range(101)])
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_image_count"


def test_five_pages_are_accepted(customer_client):
    response = post(customer_client, *[images.upload(images.jpeg()) for _ in range(5)])
    assert response.status_code == 201
    assert len(response.json()["images"]) == 5


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"issued_on": (timezone.localdate() + timedelta(days=2)).isoformat()}, "issued_on"),
        ({"e_prescription_number": "<script>"}, "e_prescription_number"),
        ({"doctor_name": "x" * 201}, "doctor_name"),
    ],
)
def test_invalid_details_are_a_clear_400(customer_client, fields, field):
    response = post(customer_client, images.upload(images.jpeg()), **fields)
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_body_larger_than_five_pages_is_refused_before_it_is_read(customer_client, settings):
    settings.PRESCRIPTION_IMAGE_MAX_BYTES = 1000  # limit: 5 x 1000 bytes + 1 MiB of form
    response = post(customer_client, images.upload(b"\0" * (1024 * 1024 + 6000)))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "upload_too_large"


def test_uploads_are_throttled_per_customer_with_retry_after(
    customer_client, customer_b_client, settings
):
    settings.PRESCRIPTION_UPLOAD_RATE = "2/hour"
    assert post(customer_client, images.upload(images.jpeg())).status_code == 201
    assert post(customer_client, images.upload(images.gif())).status_code == 400  # counts too
    response = post(customer_client, images.upload(images.jpeg()))
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert 3500 <= int(response["Retry-After"]) <= 3601
    assert post(customer_b_client, images.upload(images.jpeg())).status_code == 201
    assert customer_client.get(URL).status_code == 200  # reading is not throttled


def test_pending_prescriptions_per_customer_are_capped(customer_client, customer, settings):
    settings.PRESCRIPTION_MAX_PENDING = 2
    for _ in range(2):
        assert post(customer_client, images.upload(images.jpeg())).status_code == 201
    response = post(customer_client, images.upload(images.jpeg()))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "too_many_pending_prescriptions"
    Prescription.objects.filter(owner=customer).update(
        status=PrescriptionStatus.REJECTED, rejection_reason="unreadable"
    )
    assert post(customer_client, images.upload(images.jpeg())).status_code == 201


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_cannot_pass_the_pending_cap_together(settings, private_media):
    settings.PRESCRIPTION_MAX_PENDING = 1
    customer = CustomerFactory()
    barrier = threading.Barrier(6)
    outcomes = []

    def upload() -> None:
        try:
            barrier.wait()
            prescription_create(owner=customer, images=[io.BytesIO(images.jpeg())])
            outcomes.append("created")
        except Exception as exc:
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["too_many_pending_prescriptions"] * 5
    assert Prescription.objects.filter(owner=customer).count() == 1
    assert len(stored_files(private_media)) == 1


def test_owner_deletes_a_pending_prescription_and_its_files_go_after_commit(
    customer_client, customer, private_media, django_capture_on_commit_callbacks
):
    prescription = pending_with_page(owner=customer)
    (stored,) = stored_files(private_media)
    with django_capture_on_commit_callbacks(execute=True):
        response = customer_client.delete(f"{URL}{prescription.pk}/")
        assert response.status_code == 204
        assert stored.exists()  # not before the deletion is committed
    assert not stored.exists()
    assert not Prescription.objects.filter(pk=prescription.pk).exists()


def test_reviewed_prescription_cannot_be_deleted(customer_client, customer):
    prescription = ApprovedPrescriptionFactory(owner=customer)
    response = customer_client.delete(f"{URL}{prescription.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "prescription_not_pending"
    assert Prescription.objects.filter(pk=prescription.pk).exists()


def test_prescription_still_referenced_elsewhere_is_not_deleted(
    customer_client, customer, private_media
):
    # Rows of other apps protect a prescription (as an order's claim protects its item).
    prescription = pending_with_page(owner=customer)
    product = ProductFactory()
    item = PrescriptionItemFactory(prescription=prescription, product=product)
    item.usages.create(product=product, reference="DX-1", quantity=1)
    response = customer_client.delete(f"{URL}{prescription.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "prescription_in_use"
    assert len(stored_files(private_media)) == 1
