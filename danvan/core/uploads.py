"""Uploaded files: the type is decided by the content, not by the name or the browser's word, and the size is
limited (ATTACHMENT_MAX_MB). Used by reports now and by citizens' submissions later."""

import re
import unicodedata
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# content type → (extensions accepted for it)
ALLOWED = {
    "application/pdf": (".pdf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/webp": (".webp",),
}


def sniff(head: bytes, upload) -> str | None:
    """The content type the bytes prove, or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def check(upload) -> str:
    """Return the file's content type, or raise a ValidationError that says what is wrong in Vietnamese."""
    limit = settings.ATTACHMENT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"name": upload.name, "size": f"{upload.size / 1048576:.1f}", "limit": settings.ATTACHMENT_MAX_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, upload)
    extension = ("." + upload.name.rsplit(".", 1)[-1].lower()) if "." in upload.name else ""
    if content_type is None or extension not in ALLOWED[content_type]:
        raise ValidationError(
            _("%(name)s is not an accepted file: send PDF, DOCX, XLSX, PNG, JPEG or WEBP.") % {"name": upload.name}
        )
    return content_type


def safe_name(name: str) -> str:
    """A storage name that keeps the extension and a readable stem, without path tricks."""
    stem, _dot, extension = name.rpartition(".")
    stem = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem.encode("ascii", "ignore").decode()).strip("-")[:60] or "file"
    return f"{stem}-{uuid.uuid4().hex[:8]}.{extension.lower()[:5]}"
