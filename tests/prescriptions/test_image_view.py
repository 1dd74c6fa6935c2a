"""Prescription pages are served only by the authorising view: never from /media/, never
cached by shared caches, never sniffed; nginx sends the bytes when X-Accel-Redirect is on."""

import pytest

from tests.conftest import client_for
from tests.prescriptions.factories import PrescriptionImageFactory, pending_with_page

pytestmark = pytest.mark.django_db


def image_url(image) -> str:
    return f"/api/v1/prescriptions/{image.prescription_id}/images/{image.pk}/"


@pytest.fixture
def page(customer):
    return pending_with_page(owner=customer).images.get()


def test_owner_gets_the_file_with_private_headers(customer_client, page):
    response = customer_client.get(image_url(page))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == page.file.open("rb").read()
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        f'inline; filename="prescription-{page.prescription_id}-page-{page.pk}.jpg"'
    )


def test_nginx_serves_the_file_when_accel_redirect_is_configured(operator_client, page, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    response = operator_client.get(image_url(page))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected/{page.file.name}"
    assert page.file.name.startswith("prescriptions/")
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("inline; filename=")


def test_the_file_is_not_reachable_under_the_public_media_path(anon_client, page, settings):
    settings.SERVE_MEDIA = True
    assert anon_client.get(f"/media/{page.file.name}").status_code == 404


def test_an_image_tag_accept_header_still_gets_the_file(customer_client, page):
    accept = "image/avif,image/webp,image/apng,image/*;q=0.8"
    response = customer_client.get(image_url(page), HTTP_ACCEPT=accept)
    assert response.status_code == 200


def test_page_of_another_prescription_of_the_same_owner_is_404(customer_client, customer, page):
    other = pending_with_page(owner=customer)
    url = f"/api/v1/prescriptions/{other.pk}/images/{page.pk}/"
    assert customer_client.get(url).status_code == 404


@pytest.mark.parametrize("token", ["not-a-jwt", "eyJhbGciOiJub25lIn0.eyJ1c2VyX2lkIjoxfQ."])
def test_bad_tokens_get_401(anon_client, page, token):
    anon_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert anon_client.get(image_url(page)).status_code == 401


def test_deactivated_owner_gets_401(customer, page):
    client = client_for(customer)
    customer.is_active = False
    customer.save()
    assert client.get(image_url(page)).status_code == 401


@pytest.mark.parametrize(
    ("role", "expected"),
    [("operator", 200), ("admin", 200), ("customer", 200), ("customer_b", 404), ("courier", 404)],
)
def test_session_login_works_for_the_admin_image_viewer(client, request, page, role, expected):
    user = request.getfixturevalue({"admin": "admin_user"}.get(role, role))
    client.force_login(user)
    assert client.get(image_url(page)).status_code == expected


def test_anonymous_session_gets_401(client, page):
    assert client.get(image_url(page)).status_code == 401


def test_missing_ids_are_404_not_500(operator_client, page):
    huge = 2**63
    assert operator_client.get(f"/api/v1/prescriptions/{huge}/images/1/").status_code == 404
    assert (
        operator_client.get(
            f"/api/v1/prescriptions/{page.prescription_id}/images/{huge}/"
        ).status_code
        == 404
    )
    assert PrescriptionImageFactory._meta.model.objects.count() == 1
