"""Private files: refused to anyone the view has not authorised, handed to nginx otherwise."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/admin/private-media/prescriptions/2026/11/rx-1.png"
PNG = b"\x89PNG\r\n\x1a\n-private-bytes"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    target = settings.PRIVATE_MEDIA_ROOT / "prescriptions" / "2026" / "11"
    target.mkdir(parents=True)
    (target / "rx-1.png").write_bytes(PNG)
    (tmp_path / "outside.txt").write_text("not private media")
    return settings.PRIVATE_MEDIA_ROOT


def _browser(user=None) -> Client:
    browser = Client()
    if user is not None:
        browser.force_login(user)
    return browser


@pytest.mark.parametrize("role", ["anonymous", "customer", "courier"])
def test_private_files_are_refused_to_everyone_but_staff(
    private_root, role, customer, courier, settings
):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    user = {"anonymous": None, "customer": customer, "courier": courier}[role]
    response = _browser(user).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize("role", ["operator", "admin"])
def test_staff_get_the_file_through_nginx(private_root, role, operator, admin_user, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    response = _browser({"operator": operator, "admin": admin_user}[role]).get(URL)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected/prescriptions/2026/11/rx-1.png"
    assert response.content == b""  # nginx sends the bytes, not gunicorn
    assert response["Content-Type"] == "image/png"
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="rx-1.png"'


def test_without_nginx_django_streams_the_file_itself(private_root, operator, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = ""
    response = _browser(operator).get(URL)
    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PNG
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_names_outside_the_private_root_are_not_found(private_root, operator, settings, tmp_path):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    (private_root / "link.txt").symlink_to(tmp_path / "outside.txt")
    browser = _browser(operator)
    for path in ("../outside.txt", "%2e%2e/outside.txt", "link.txt", "prescriptions/none.png"):
        response = browser.get(f"/admin/private-media/{path}")
        assert response.status_code == 404, path
        assert "X-Accel-Redirect" not in response


def test_file_names_are_quoted_in_the_redirect(private_root, operator, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    (private_root / "a b&c.pdf").write_bytes(b"%PDF-1.7")
    response = _browser(operator).get("/admin/private-media/a%20b%26c.pdf")
    assert response["X-Accel-Redirect"] == "/protected/a%20b%26c.pdf"
    assert response["Content-Type"] == "application/pdf"
