"""Image bytes for upload tests, made with Pillow."""

import io

from PIL import Image

EXIF_MAKE = 0x010F
EXIF_ORIENTATION = 0x0112
APPENDED_SCRIPT = b"<script>alert('proof')</script>"


def jpeg_with_metadata(*, size=(64, 48), orientation: int = 6) -> bytes:
    """A JPEG that carries EXIF (camera make, orientation) and has a script appended after
    the image data, as a hostile or merely careless phone might send."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[EXIF_MAKE] = "SpyCam"
    exif[EXIF_ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue() + APPENDED_SCRIPT
