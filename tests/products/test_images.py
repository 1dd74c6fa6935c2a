from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.products.models import ProductImage
from tests.products.factories import ProductFactory, image_upload, jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _post(client, product, upload):
    return client.post(
        f"/api/v1/products/{product.pk}/images/", {"image": upload}, format="multipart"
    )


def test_upload_is_re_encoded_rotated_by_exif_and_stripped_of_it(operator_client, media):
    image = Image.new("RGB", (400, 200), "blue")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "SecretCam"  # make
    exif[0x8825] = {1: "N", 2: (41.0, 18.0, 0.0)}  # GPS: Tashkent
    upload = image_upload(image, "JPEG", name="../../etc/passwd.jpg", exif=exif.tobytes())
    product = ProductFactory()

    response = _post(operator_client, product, upload)

    assert response.status_code == 201, response.json()
    stored = ProductImage.objects.get(product=product)
    assert stored.original_name == "passwd.jpg"
    assert "passwd" not in stored.image.name
    with Image.open(stored.image.path) as saved:
        assert saved.format == "WEBP"
        assert saved.size == (200, 400)  # orientation applied to the pixels
        assert not saved.getexif()
    assert b"SecretCam" not in Path(stored.image.path).read_bytes()
    with Image.open(stored.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) <= 320
    assert response.json()["width"] == 200
    listed = operator_client.get("/api/v1/products/").json()["results"][0]
    assert listed["thumbnail"].endswith("_thumb.webp")


def test_a_script_appended_to_a_jpeg_does_not_survive(operator_client, media):
    upload = jpeg_upload()
    payload = upload.read() + b"<script>alert(1)</script>"
    product = ProductFactory()
    response = _post(operator_client, product, SimpleUploadedFile("x.jpg", payload))
    assert response.status_code == 201
    stored = ProductImage.objects.get(product=product)
    assert b"<script>" not in Path(stored.image.path).read_bytes()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("notes.jpg", b"definitely not an image", content_type="image/jpeg"),
        SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        image_upload(Image.new("RGB", (10, 10)), "GIF", name="anim.gif"),
        image_upload(Image.new("RGB", (10, 10)), "BMP", name="x.bmp"),
    ],
    ids=["text", "svg", "gif", "bmp"],
)
def test_non_images_and_other_formats_are_refused(operator_client, media, upload):
    product = ProductFactory()
    response = _post(operator_client, product, upload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_image"
    assert not ProductImage.objects.exists()
    assert not any(media.rglob("*.*"))


def test_files_over_the_byte_limit_are_refused_before_decoding(operator_client, media, settings):
    settings.PRODUCT_IMAGE_MAX_BYTES = 1000
    noisy = Image.effect_noise((200, 200), 100).convert("RGB")
    response = _post(operator_client, ProductFactory(), image_upload(noisy, "PNG", name="big.png"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "image_too_large"


def test_a_decompression_bomb_is_refused(operator_client, media):
    # 100 megapixels that compress to a few kilobytes: the classic pixel flood.
    bomb = image_upload(Image.new("1", (10_000, 10_000)), "PNG", name="bomb.png", optimize=True)
    assert bomb.size < 100_000
    response = _post(operator_client, ProductFactory(), bomb)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "image_too_large"


def test_pillow_itself_refuses_images_above_the_pixel_limit(settings):
    from apps.products.services.images import ImageTooLarge, _decode

    settings.IMAGE_MAX_PIXELS = 10**9  # our own check passes; Pillow's warning must not
    Image.MAX_IMAGE_PIXELS = 1_000
    try:
        with pytest.raises(ImageTooLarge):
            _decode(jpeg_upload(50, 50))
    finally:
        Image.MAX_IMAGE_PIXELS = 40_000_000


def test_deleting_an_image_removes_its_files_after_commit(
    operator_client, media, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    _post(operator_client, product, jpeg_upload())
    stored = ProductImage.objects.get()
    paths = [stored.image.path, stored.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.delete(f"/api/v1/products/{product.pk}/images/{stored.pk}/")
    assert response.status_code == 204
    assert not ProductImage.objects.exists()
    assert not any(Path(p).exists() for p in paths)


def test_an_image_of_another_product_is_404(operator_client, media):
    product, other = ProductFactory(), ProductFactory()
    _post(operator_client, product, jpeg_upload())
    stored = ProductImage.objects.get()
    response = operator_client.delete(f"/api/v1/products/{other.pk}/images/{stored.pk}/")
    assert response.status_code == 404
    assert ProductImage.objects.exists()
