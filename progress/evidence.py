"""Evidence files: which kinds a unit may attach (PDF, DOCX, XLSX, JPG, PNG), recognised by their content.

The name a browser sends proves nothing, so the first bytes (and, for Office files, the zip's table of
contents) must agree with the extension. The size limit comes from settings.EVIDENCE_MAX_BYTES.
"""
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import format_number

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
ACCEPT = ",".join(CONTENT_TYPES)


def _office_part(upload, folder):
    """True when the upload is a zip holding [Content_Types].xml and the folder Word/Excel write."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def _content_matches(upload, suffix):
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix == ".docx":
        return head.startswith(b"PK\x03\x04") and _office_part(upload, "word/")
    if suffix == ".xlsx":
        return head.startswith(b"PK\x03\x04") and _office_part(upload, "xl/")
    return False


def max_size_label():
    """The limit as people read it: "10 MB", or bytes when it is not a whole number of megabytes."""
    limit = settings.EVIDENCE_MAX_BYTES
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return f"{format_number(limit)} byte"


def check_evidence(upload):
    """Return the content type of an acceptable upload; raise ValidationError (in Vietnamese) otherwise."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không được nhận: chỉ nhận tệp PDF, DOCX, XLSX, JPG hoặc PNG.") % {"name": name},
            code="kind",
        )
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); mỗi tệp tối đa %(limit)s.")
            % {"name": name, "size": f"{upload.size / (1024 * 1024):.1f}".replace(".", ","), "limit": max_size_label()},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if not _content_matches(upload, suffix):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là tệp %(kind)s thật (có thể tệp bị đổi tên hoặc hỏng).")
            % {"name": name, "kind": suffix.lstrip(".").upper()},
            code="content",
        )
    return CONTENT_TYPES[suffix]
