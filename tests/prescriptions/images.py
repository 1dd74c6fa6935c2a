"""Image files for the upload tests, generated with Pillow on the fly (no binaries are
committed): good photos, and every malicious or broken file the upload pipeline must refuse or
neutralise (SECURITY.md, uploads)."""

import io
import zipfile
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

RED = (255, 0, 0)
BLUE = (0, 0, 255)
SCRIPT = b"<script>alert(document.cookie)</script>"
HTML_PAGE = b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' + SCRIPT + b"</svg>"
)
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def photo(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), mode: str = "RGB", **options):
    image = Image.new(mode, size, "white" if mode != "1" else 1)
    ImageDraw.Draw(image).rectangle((4, 4, size[0] // 2, size[1] // 2), fill="black")
    return encode(image, fmt, **options)


def jpeg(**kwargs) -> bytes:
    return photo("JPEG", **kwargs)


def png(**kwargs) -> bytes:
    return photo("PNG", **kwargs)


def webp(**kwargs) -> bytes:
    return photo("WEBP", **kwargs)


def two_tone(size: tuple[int, int] = (80, 40)) -> Image.Image:
    """Left half red, right half blue: shows where the picture's left edge ends up."""
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1]), fill=RED)
    return image


def jpeg_with_orientation(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return encode(two_tone(), "JPEG", exif=exif.tobytes(), quality=95)


def jpeg_with_gps() -> bytes:
    """A phone photo's EXIF: camera model, and where it was taken (Tashkent)."""
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    exif[GPS_IFD] = {1: "N", 2: (41.0, 18.0, 0.0), 3: "E", 4: (69.0, 16.0, 0.0)}
    return encode(two_tone(), "JPEG", exif=exif.tobytes())


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    return buffer.getvalue()


def jpeg_with_html_comment() -> bytes:
    """A JPEG/HTML polyglot: the page sits in a COM segment a sniffing browser may render."""
    return jpeg(comment=HTML_PAGE)


def png_with_html_text() -> bytes:
    info = PngInfo()
    info.add_text("Comment", HTML_PAGE.decode())
    return png(pnginfo=info)


@cache
def png_bomb(side: int = 10_000) -> bytes:
    """`side`² pixels (100 megapixels by default) in a few kilobytes: a 1-bit blank PNG."""
    return encode(Image.new("1", (side, side)), "PNG", optimize=True)


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def gif() -> bytes:
    return photo("GIF")


def bmp() -> bytes:
    return photo("BMP")


def tiff() -> bytes:
    return photo("TIFF")


def pdf() -> bytes:
    return photo("PDF")


def mpo() -> bytes:
    """A phone's multi-picture JPEG (MPO): a main picture and a second one."""
    first = two_tone()
    second = Image.new("RGB", first.size, "green")
    return encode(first, "MPO", save_all=True, append_images=[second])


def upload(data: bytes, name: str = "scan.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
