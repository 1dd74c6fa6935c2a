"""The upload pipeline in apps/core/images.py: every file in SECURITY.md's uploads part is
refused or neutralised. (Kept with the prescriptions suite until product images share it.)"""

import io
import warnings

import pytest
from PIL import Image

from apps.core import images as pipeline
from apps.core.images import (
    ImageTooLarge,
    ImageTooManyPixels,
    ImageTypeNotAllowed,
    ImageUnreadable,
    image_sanitize,
    original_name_sanitize,
    private_storage,
)
from tests.prescriptions import images

MB = 1024 * 1024


def sanitize(data: bytes, name: str = "scan.jpg", **limits):
    limits.setdefault("max_bytes", 10 * MB)
    return image_sanitize(images.upload(data, name=name), **limits)


def decoded(result) -> Image.Image:
    image = Image.open(io.BytesIO(result.content.read()))
    image.load()
    return image


@pytest.mark.parametrize(
    ("data", "fmt", "content_type", "extension"),
    [
        (images.jpeg(), "JPEG", "image/jpeg", "jpg"),
        (images.png(), "PNG", "image/png", "png"),
        (images.webp(), "WEBP", "image/webp", "webp"),
    ],
)
def test_allowed_formats_are_re_encoded_under_a_server_generated_name(
    data, fmt, content_type, extension
):
    result = sanitize(data, name="../../etc/passwd")
    assert result.content_type == content_type
    assert result.name.endswith(f".{extension}")
    assert len(result.name) == 32 + 1 + len(extension)  # uuid hex, no trace of the client name
    assert result.original_name == "passwd"
    image = decoded(result)
    assert image.format == fmt
    assert (result.width, result.height) == image.size == (64, 48)
    assert result.size == len(result.content)


@pytest.mark.parametrize("payload", [images.SCRIPT, images.zip_archive()], ids=["script", "zip"])
def test_payload_appended_after_the_image_is_dropped(payload):
    data = images.jpeg() + payload
    result = sanitize(data)
    out = result.content.read()
    assert payload not in out
    assert b"PK\x03\x04" not in out
    assert b"<script" not in out
    assert out.endswith(b"\xff\xd9")  # ends where the JPEG ends


@pytest.mark.parametrize(
    "data", [images.jpeg_with_html_comment(), images.png_with_html_text()], ids=["jpeg", "png"]
)
def test_html_hidden_inside_a_valid_image_does_not_survive(data):
    assert b"<script" in data
    out = sanitize(data).content.read()
    assert b"<script" not in out
    assert b"<html" not in out


def test_exif_with_gps_is_stripped():
    data = images.jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(images.GPS_IFD)
    out = sanitize(data).content.read()
    assert not Image.open(io.BytesIO(out)).getexif()
    assert b"Exif" not in out
    assert b"Phone X" not in out


@pytest.mark.parametrize(
    ("orientation", "size", "red_at"),
    [
        (1, (80, 40), (10, 20)),  # as stored: red on the left
        (3, (80, 40), (70, 20)),  # upside down: red ends up on the right
        (6, (40, 80), (20, 10)),  # rotate 90° clockwise: the left edge becomes the top
        (8, (40, 80), (20, 70)),  # rotate 90° counter-clockwise: the left edge is the bottom
    ],
)
def test_exif_orientation_is_applied_to_the_pixels(orientation, size, red_at):
    result = sanitize(images.jpeg_with_orientation(orientation))
    image = decoded(result)
    assert image.size == size == (result.width, result.height)
    red, _green, blue = image.getpixel(red_at)
    assert red > 200
    assert blue < 60
    assert images.ORIENTATION not in image.getexif()


def test_100_megapixel_png_of_a_few_kilobytes_is_refused():
    bomb = images.png_bomb()
    assert len(bomb) < 64 * 1024
    with pytest.raises(ImageTooManyPixels) as info:
        sanitize(bomb, name="scan.png")
    assert info.value.code == "image_too_many_pixels"


@pytest.mark.parametrize("warning_filter", ["error", "ignore"])
def test_pixel_limit_holds_whatever_the_warning_filters_say(warning_filter):
    # 7100² is over the process-wide limit but under twice it: Pillow itself only warns.
    bomb = images.png_bomb(side=7_100)
    assert pipeline.MAX_PIXELS < 7_100**2 < 2 * pipeline.MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter(warning_filter)
        with pytest.raises(ImageTooManyPixels):
            sanitize(bomb, name="scan.png")


def test_pillow_bomb_warning_becomes_an_error_for_every_pillow_user_in_the_process():
    bomb = images.png_bomb(side=7_100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipeline.pillow_harden()
        assert Image.MAX_IMAGE_PIXELS == pipeline.MAX_PIXELS
        with pytest.raises(Image.DecompressionBombWarning):
            Image.open(io.BytesIO(bomb))


def test_callers_lower_pixel_limit_is_checked_from_the_header():
    with pytest.raises(ImageTooManyPixels) as info:
        sanitize(images.jpeg(size=(200, 100)), max_pixels=100 * 100)
    assert info.value.details == {"max_pixels": 10_000}


def test_oversized_file_is_refused_before_it_is_decoded():
    # Not an image at all: had it been decoded, the error would say so.
    with pytest.raises(ImageTooLarge) as info:
        sanitize(b"x" * 2048, max_bytes=1024)
    assert info.value.details == {"max_bytes": 1024}


def test_size_limit_does_not_trust_a_missing_size():
    stream = io.BytesIO(images.jpeg() + b"\0" * 4096)
    with pytest.raises(ImageTooLarge):
        image_sanitize(stream, max_bytes=4096)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (images.gif(), "scan.gif"),
        (images.bmp(), "scan.bmp"),
        (images.tiff(), "scan.tiff"),
        (images.pdf(), "scan.pdf"),
        (images.SVG_WITH_SCRIPT, "scan.svg"),
        (images.HTML_PAGE, "scan.html"),
        (images.gif(), "scan.jpg"),  # a GIF wearing a JPEG name
        (images.SVG_WITH_SCRIPT, "scan.png"),
        (images.HTML_PAGE + images.jpeg(), "scan.jpg"),  # HTML first, image after
        (b"", "scan.jpg"),
    ],
)
def test_anything_but_jpeg_png_webp_is_refused_whatever_its_name(data, name):
    with pytest.raises(ImageTypeNotAllowed):
        sanitize(data, name=name)


def test_format_comes_from_the_decoded_bytes_not_the_name():
    result = sanitize(images.png(), name="scan.jpg")
    assert result.content_type == "image/png"
    assert result.name.endswith(".png")


@pytest.mark.parametrize("data", [images.jpeg(size=(400, 300)), images.png(size=(400, 300))])
def test_truncated_image_is_refused(data):
    with pytest.raises(ImageUnreadable):
        sanitize(images.truncated(data))


def test_multi_picture_jpeg_from_a_phone_keeps_only_its_main_picture():
    result = sanitize(images.mpo())
    image = decoded(result)
    assert image.format == "JPEG"
    assert result.content_type == "image/jpeg"
    assert getattr(image, "n_frames", 1) == 1
    assert image.getpixel((10, 20))[0] > 200  # the red-and-blue main picture, not the green one


def test_large_images_are_scaled_to_the_longest_side():
    result = sanitize(images.jpeg(size=(1200, 600)), max_side=300)
    assert (result.width, result.height) == (300, 150)


def translucent(mode: str) -> Image.Image:
    image = Image.new(mode, (20, 10), (0, 0) if mode == "LA" else (0, 0, 0, 0))
    image.paste((255, 255) if mode == "LA" else (255, 0, 0, 255), (0, 0, 10, 10))
    return image


@pytest.mark.parametrize(
    ("source", "fmt", "expected_mode"),
    [
        (Image.new("CMYK", (20, 10), (0, 255, 0, 0)), "JPEG", "RGB"),
        (Image.new("L", (20, 10), 128), "JPEG", "L"),
        (Image.new("P", (20, 10), 3), "PNG", "RGB"),
        (Image.new("1", (20, 10), 1), "PNG", "L"),
        (translucent("RGBA"), "PNG", "RGBA"),
        (translucent("LA"), "PNG", "RGBA"),
        (translucent("RGBA"), "WEBP", "RGBA"),
        (Image.new("L", (20, 10), 128), "WEBP", "RGB"),
    ],
)
def test_colour_modes_are_stored_in_a_mode_the_format_supports(source, fmt, expected_mode):
    result = sanitize(images.encode(source, fmt), name=f"scan.{fmt.lower()}")
    assert decoded(result).mode == expected_mode


def test_sixteen_bit_greyscale_keeps_its_contrast():
    image = Image.new("I;16", (20, 10), 0)
    image.paste(65535, (10, 0, 20, 10))
    result = decoded(sanitize(images.encode(image, "PNG"), name="scan.png"))
    assert result.getpixel((2, 5)) < 10
    assert result.getpixel((15, 5)) > 245


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("retsept.jpg", "retsept.jpg"),
        ("C:\\Users\\ali\\Рецепт 1.jpg", "Рецепт 1.jpg"),
        ("../../etc/passwd", "passwd"),
        ('<img src=x onerror="alert(1)">.png', "img src=x onerror=alert(1).png"),
        ("a\x00b\r\nc\u202ed\tf.jpg", "abcdf.jpg"),
        ("scan  of\u00a0page.jpg", "scan of page.jpg"),
        ("...", ""),
        ("x" * 300 + ".jpeg", "x" * 95 + ".jpeg"),
    ],
)
def test_original_name_is_kept_only_as_sanitised_metadata(name, expected):
    assert original_name_sanitize(name) == expected


def test_private_storage_lives_outside_media_and_has_no_url(settings, tmp_path):
    storage = private_storage()
    assert storage.location == str(settings.PRIVATE_MEDIA_ROOT)
    assert not storage.location.startswith(str(settings.MEDIA_ROOT))
    name = storage.save("probe/file.txt", io.BytesIO(b"x"))
    assert (settings.PRIVATE_MEDIA_ROOT / name).is_file()
    with pytest.raises(ValueError, match="no public URL"):
        storage.url(name)
