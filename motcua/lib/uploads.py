"""The one check of uploaded files: size, type by content, a safe name.

Every place that takes a file from a user (online dossiers and supplements, the
counter's scans, the feedback box, the verification page, the catalog workbook) asks
here, so the limit (``settings.UPLOAD_MAX_BYTES`` unless a caller has its own) and the
messages are the same everywhere. Failures raise ``ValidationError`` with a Vietnamese
message, so the functions serve as form field validators too.

The type comes from the first bytes of the content, never from the name: a PDF starts
with ``%PDF-``, a JPEG with ``FF D8 FF``, a PNG with its 8-byte signature. The name
shown to staff is reduced to its last component, stripped of control and reserved
characters and capped; stored files get random names (each model's ``upload_to``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
# Content type → (leading bytes, extension used when the name has none that fits).
SIGNATURES: dict[str, tuple[bytes, str]] = {
    PDF: (b"%PDF-", ".pdf"),
    JPEG: (b"\xff\xd8\xff", ".jpg"),
    PNG: (b"\x89PNG\r\n\x1a\n", ".png"),
}
EXTENSIONS = {
    PDF: (".pdf",),
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
}
# Papers scanned or photographed: what citizens may upload.
SCANS = (PDF, JPEG, PNG)
NAME_MAX = 120

ERR_UPLOAD_EMPTY = _("Tệp “%(name)s” rỗng (0 byte). Vui lòng chọn lại tệp.")
ERR_UPLOAD_TOO_BIG = _("Tệp “%(name)s” lớn hơn %(limit)s cho phép. Vui lòng chọn tệp nhỏ hơn.")
ERR_UPLOAD_TYPE = _(
    "Tệp “%(name)s” không phải là tệp PDF, JPG hoặc PNG hợp lệ. "
    "Vui lòng chụp hoặc quét lại giấy tờ và lưu dưới dạng PDF, JPG hoặc PNG."
)

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int
    checksum: str


def safe_name(raw: str | None, content_type: str | None = None) -> str:
    """A display name without any directory part, control or reserved characters; with
    ``content_type``, ending with an extension of that type."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        name = "tep"
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem or name)[: NAME_MAX - len(ext) - 1] + (f".{ext}" if ext else "")
    if content_type and not name.lower().endswith(EXTENSIONS[content_type]):
        name = f"{name}{SIGNATURES[content_type][1]}"
    return name


def _too_big(name: str, limit: int) -> ValidationError:
    return ValidationError(
        ERR_UPLOAD_TOO_BIG, code="too_big", params={"name": name, "limit": filesizeformat(limit)}
    )


def check_size(upload, *, limit: int | None = None) -> None:
    """Refuse a file whose declared size is over ``limit`` bytes (by default
    ``settings.UPLOAD_MAX_BYTES``): the first check, before anything is read."""
    limit = settings.UPLOAD_MAX_BYTES if limit is None else limit
    if upload is not None and (getattr(upload, "size", None) or 0) > limit:
        raise _too_big(safe_name(getattr(upload, "name", "")), limit)


def sniff(upload) -> str | None:
    """The content type the file's first bytes show (one of ``SIGNATURES``), or None.
    The file is left at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next(
        (kind for kind, (magic, _ext) in SIGNATURES.items() if head.startswith(magic)), None
    )


def check_upload(
    upload,
    *,
    types: Collection[str] = SCANS,
    limit: int | None = None,
    name_must_match: bool = False,
) -> CheckedUpload:
    """Check one uploaded file: not over the size limit (as declared and as read), not
    empty, of one of ``types`` by its content (and, with ``name_must_match``, named with
    an extension of that type). Returns its safe name, type, size and SHA-256."""
    limit = settings.UPLOAD_MAX_BYTES if limit is None else limit
    raw = getattr(upload, "name", "") or ""
    shown = safe_name(raw)
    check_size(upload, limit=limit)
    upload.seek(0)
    if not upload.read(1):
        raise ValidationError(ERR_UPLOAD_EMPTY, code="empty", params={"name": shown})
    content_type = sniff(upload)
    if (
        content_type is None
        or content_type not in types
        or (name_must_match and not raw.lower().endswith(EXTENSIONS[content_type]))
    ):
        raise ValidationError(ERR_UPLOAD_TYPE, code="type", params={"name": shown})
    digest = hashlib.sha256()
    total = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        total += len(chunk)
        if total > limit:  # the declared size may lie
            raise _too_big(shown, limit)
    upload.seek(0)
    return CheckedUpload(
        name=safe_name(raw, content_type),
        content_type=content_type,
        size=total,
        checksum=digest.hexdigest(),
    )
