"""Untrusted image uploads: decide what a file is by decoding it, never by its name or the
client's content type, and keep only pixels we re-encoded ourselves.

`image_sanitize` is the whole pipeline: size limit before any decoding, an allow-list of
decoded formats (JPEG, PNG, WebP), a pixel limit, `verify()` then a fresh decode, EXIF
orientation applied, then a re-encode that carries no metadata (EXIF with GPS, XMP, ICC,
comments, text chunks) and nothing that was appended after the image. The result has a
server-generated name; the client's file name survives only as sanitised metadata.

Private files (prescriptions) are stored with `private_storage`, which has no public URL: they
are served only by views that authorise the caller.
"""

import io
import os
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, UnidentifiedImageError

from apps.core.errors import ValidationFailed

# Pillow's decompression-bomb check is process-wide. Lower it from Pillow's ~89 megapixels to
# what a phone camera produces (a 50 MP sensor's full-resolution shot passes), and make the
# warning Pillow gives between one and two times the limit an error everywhere in the process,
# not only in this module: by default Pillow merely warns and decodes the bomb.
MAX_PIXELS = 50_000_000


def pillow_harden() -> None:
    """Apply the process-wide limits above (idempotent; done when this module is imported)."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)


pillow_harden()

# Decoded format -> (format we write, content type, extension). MPO is how Pillow reports a
# phone's multi-picture JPEG; only its first picture is kept.
OUTPUT_FORMATS = {
    "JPEG": ("JPEG", "image/jpeg", "jpg"),
    "MPO": ("JPEG", "image/jpeg", "jpg"),
    "PNG": ("PNG", "image/png", "png"),
    "WEBP": ("WEBP", "image/webp", "webp"),
}
# Only these decoders are ever tried on an upload (`Image.open(formats=...)`).
DECODERS = ("JPEG", "PNG", "WEBP")
# EXIF orientation -> the transpose that makes the picture upright (as ImageOps.exif_transpose).
EXIF_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
HIGH_BIT_DEPTH_MODES = frozenset({"I", "I;16", "I;16B", "I;16L", "I;16N"})
ORIGINAL_NAME_MAX_LENGTH = 100
_NAME_FORBIDDEN = set('<>:"/\\|?*')


class ImageRejected(ValidationFailed):
    code = "image_rejected"
    default_message = _("The file is not an acceptable image.")


class ImageTooLarge(ImageRejected):
    code = "image_too_large"
    default_message = _("The file is too large.")


class ImageTypeNotAllowed(ImageRejected):
    code = "image_type_not_allowed"
    default_message = _("Upload a JPEG, PNG or WebP image.")


class ImageTooManyPixels(ImageRejected):
    code = "image_too_many_pixels"
    default_message = _("The image has too many pixels.")


class ImageUnreadable(ImageRejected):
    code = "image_unreadable"
    default_message = _("The image is damaged or incomplete.")


@dataclass(frozen=True)
class SanitizedImage:
    """A re-encoded image ready to be saved under `name` (server-generated)."""

    content: ContentFile
    name: str
    content_type: str
    width: int
    height: int
    original_name: str

    @property
    def size(self) -> int:
        return self.content.size


def image_sanitize(
    file: IO[bytes],
    *,
    max_bytes: int,
    max_pixels: int = MAX_PIXELS,
    max_side: int | None = None,
    quality: int = 90,
) -> SanitizedImage:
    """Decode an untrusted upload and re-encode it, or raise an `ImageRejected` error.

    Guarantees: at most `max_bytes` are read and nothing is decoded from a larger file; only
    the JPEG, PNG and WebP decoders ever see the bytes; no image over `max_pixels` is decoded;
    the output holds only pixels (orientation applied, scaled to fit `max_side`)."""
    data = _read_limited(file, max_bytes=max_bytes)
    buffer = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data), formats=DECODERS) as probe:
            source_format = probe.format
            _check_pixels(probe.size, max_pixels=max_pixels)
            probe.verify()
        output_format, content_type, extension = OUTPUT_FORMATS[source_format]
        # verify() leaves the image unusable: decode again from the start.
        with Image.open(io.BytesIO(data), formats=DECODERS) as image:
            image.load()
            pixels = _normalised(image, max_side=max_side, output=output_format)
            options = {"quality": quality} if output_format in ("JPEG", "WEBP") else {}
            pixels.save(buffer, format=output_format, **options)
            width, height = pixels.size
    except UnidentifiedImageError as exc:
        raise ImageTypeNotAllowed() from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooManyPixels(details={"max_pixels": max_pixels}) from exc
    except (OSError, SyntaxError, ValueError, EOFError, KeyError, IndexError) as exc:
        # What Pillow's decoders raise on damaged or truncated data.
        raise ImageUnreadable() from exc
    return SanitizedImage(
        content=ContentFile(buffer.getvalue()),
        name=f"{uuid.uuid4().hex}.{extension}",
        content_type=content_type,
        width=width,
        height=height,
        original_name=original_name_sanitize(getattr(file, "name", "") or ""),
    )


def _read_limited(file: IO[bytes], *, max_bytes: int) -> bytes:
    declared = getattr(file, "size", None)
    if declared is not None and declared > max_bytes:
        raise ImageTooLarge(details={"max_bytes": max_bytes})
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageTooLarge(details={"max_bytes": max_bytes})
    if not data:
        raise ImageTypeNotAllowed()
    return data


def _check_pixels(size: tuple[int, int], *, max_pixels: int) -> None:
    # Pillow has already refused twice MAX_PIXELS, and anything over MAX_PIXELS unless the
    # warning filters were changed since `pillow_harden()`; this check holds whatever they
    # say, and applies the caller's (possibly lower) limit. Only the header has been read.
    width, height = size
    if width * height > max_pixels:
        raise ImageTooManyPixels(details={"max_pixels": max_pixels})


def _normalised(image: Image.Image, *, max_side: int | None, output: str) -> Image.Image:
    """The decoded pixels, scaled, upright and in a mode `output` can store, with no metadata.

    Works on the decoded image in place where it can: a 50 MP upload is big enough that every
    full-size copy counts."""
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    if image.mode in HIGH_BIT_DEPTH_MODES:
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if output == "JPEG":
        mode = "L" if image.mode in ("1", "L") else "RGB"
    elif has_alpha:
        mode = "RGBA"
    else:
        mode = "L" if output == "PNG" and image.mode in ("1", "L") else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    if max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    transpose = EXIF_ORIENTATION_TRANSPOSE.get(orientation)
    if transpose is not None:
        image = image.transpose(transpose)
    # Nothing from the source survives but pixels: Pillow's writers copy comments, ICC
    # profiles and transparency from `info` unless it is emptied.
    image.info = {}
    return image


def original_name_sanitize(name: str) -> str:
    """The client's file name reduced to printable metadata: no directories, control or
    reserved characters, at most ORIGINAL_NAME_MAX_LENGTH characters. Never used as a path."""
    name = unicodedata.normalize("NFKC", str(name))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if ch not in _NAME_FORBIDDEN and unicodedata.category(ch)[0] != "C"
    )
    cleaned = " ".join(cleaned.split()).strip(". ")
    if len(cleaned) > ORIGINAL_NAME_MAX_LENGTH:
        stem, ext = os.path.splitext(cleaned)
        ext = ext if len(ext) <= 10 else ""
        cleaned = stem[: ORIGINAL_NAME_MAX_LENGTH - len(ext)] + ext
    return cleaned


@deconstructible(path="apps.core.images.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    """Files under `settings.PRIVATE_MEDIA_ROOT` (never under MEDIA_ROOT). There is no URL:
    an authorising view streams the file or hands it to nginx with X-Accel-Redirect."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")


_private_storage = PrivateMediaStorage()


def private_storage() -> PrivateMediaStorage:
    """The storage for private files (a callable, so migrations do not freeze a path)."""
    return _private_storage
