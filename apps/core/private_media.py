"""Private files (prescription images): the contract between an authorising view and nginx.

A view first decides whether the caller may see the file (owner, or staff), then returns
`private_file_response(relative_path=...)`. Files live under PRIVATE_MEDIA_ROOT, never under
MEDIA_ROOT, so no public URL reaches them. With PRIVATE_MEDIA_ACCEL_PREFIX set (production) the
response is empty and carries `X-Accel-Redirect: <prefix><path>`: nginx serves the bytes from its
`internal` location of that name, which a client cannot request directly. Without it (the
embedded shop) Django streams the file itself. Either way the reply is private and not cached.
"""

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def private_file_path(relative_path: str) -> Path:
    """The file under PRIVATE_MEDIA_ROOT for a stored relative path; 404 when it does not exist
    or the path tries to leave the root (`../`, absolute paths, symlinks out)."""
    root = settings.PRIVATE_MEDIA_ROOT.resolve()
    path = (root / relative_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("No such file.")
    return path


def private_file_response(*, relative_path: str, download_name: str = "") -> HttpResponse:
    """Serve an already-authorised private file (see the module docstring for the contract)."""
    path = private_file_path(relative_path)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        relative = path.relative_to(settings.PRIVATE_MEDIA_ROOT.resolve()).as_posix()
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(relative)}"
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=download_name or path.name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
