"""Product images: every upload is decoded under size limits and re-encoded, so what we serve is
an image we wrote ourselves — no appended scripts, no EXIF (GPS), no client file names."""

import io
import uuid
import warnings
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.errors import ValidationFailed

from ..cache import catalog_cache_invalidate
from ..models import Product, ProductImage

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
OUTPUT_FORMAT, OUTPUT_EXTENSION = "WEBP", "webp"


class InvalidImage(ValidationFailed):
    code = "invalid_image"
    default_message = _("Upload a JPEG, PNG or WebP image.")


class ImageTooLarge(ValidationFailed):
    code = "image_too_large"
    default_message = _("The image is too large.")


def _decode(upload: UploadedFile) -> Image.Image:
    """Open and fully decode an upload, refusing anything but a sane JPEG/PNG/WebP."""
    if upload.size is None or upload.size > settings.PRODUCT_IMAGE_MAX_BYTES:
        raise ImageTooLarge(details={"max_bytes": settings.PRODUCT_IMAGE_MAX_BYTES})
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: a bomb all the same.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
            if image.format not in ALLOWED_FORMATS:
                raise InvalidImage(details={"format": str(image.format)})
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ImageTooLarge(details={"max_pixels": settings.IMAGE_MAX_PIXELS})
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageTooLarge(details={"max_pixels": settings.IMAGE_MAX_PIXELS}) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidImage() from exc
    return image


def _encode(image: Image.Image, *, max_side: int) -> tuple[bytes, tuple[int, int]]:
    """The image scaled to fit `max_side`, as WebP bytes, and its size."""
    copy = image.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No exif= argument: the re-encoded file carries no metadata at all.
    copy.save(buffer, format=OUTPUT_FORMAT, quality=85, method=4)
    return buffer.getvalue(), copy.size


def _normalised(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation to the pixels (the tag itself is then dropped)."""
    image = ImageOps.exif_transpose(image)
    return image.convert("RGBA" if "A" in image.getbands() else "RGB")


def product_image_add(
    *, product: Product, upload: UploadedFile, position: int | None = None
) -> ProductImage:
    """Store a re-encoded image and its thumbnail under server-generated names. Decoding and
    file writes happen outside any transaction (storage may be remote)."""
    image = _normalised(_decode(upload))
    full, (width, height) = _encode(image, max_side=settings.PRODUCT_IMAGE_MAX_SIDE)
    thumbnail, _size = _encode(image, max_side=settings.PRODUCT_THUMBNAIL_SIDE)
    name = uuid.uuid4().hex
    record = ProductImage(
        product=product,
        width=width,
        height=height,
        original_name=get_valid_filename(Path(upload.name or "image").name)[-255:],
    )
    record.image.save(f"{name}.{OUTPUT_EXTENSION}", ContentFile(full), save=False)
    record.thumbnail.save(f"{name}_thumb.{OUTPUT_EXTENSION}", ContentFile(thumbnail), save=False)
    try:
        with transaction.atomic():
            if position is None:
                last = product.images.aggregate(last=Max("position"))["last"]
                position = 0 if last is None else last + 1
            record.position = position
            record.save()
            catalog_cache_invalidate()
    except Exception:
        record.image.delete(save=False)
        record.thumbnail.delete(save=False)
        raise
    return record


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        if name:
            storage.delete(name)


def product_image_delete(*, image: ProductImage) -> None:
    """Remove an image row, then its files once the deletion is committed."""
    names = [image.image.name, image.thumbnail.name]
    with transaction.atomic():
        image.delete()
        catalog_cache_invalidate()
        transaction.on_commit(partial(_delete_files, image.image.storage, names))
