"""Files handed to the browser as downloads (exports, attachments)."""

from urllib.parse import quote

from django.http import HttpResponse


def download_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download with a UTF-8 file name (RFC 6266, filename*) that the browser must not sniff."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_download(field_file, filename: str, content_type: str) -> HttpResponse:
    """A stored file (a FileField's file) as a download; the file is closed once read."""
    with field_file.open("rb") as handle:
        return download_response(handle.read(), filename, content_type)
