"""The one check of files citizens upload (online dossiers, supplements).

Usable as a form field validator (raises ``ValidationError``) and by services. The
type comes from the first bytes of the content, never from the name: a PDF starts
with ``%PDF-``, a JPEG with ``FF D8 FF``, a PNG with its 8-byte signature. The name
shown to staff is reduced to its last component, stripped of control characters and
capped; the stored name is random (``models.draft_upload_to``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Content type → (leading bytes, extension used when the name has none that fits).
SIGNATURES: dict[str, tuple[bytes, str]] = {
    "application/pdf": (b"%PDF-", ".pdf"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
}
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
NAME_MAX = 120

ERR_UPLOAD_EMPTY = _("Tệp “%(name)s” rỗng (0 byte). Vui lòng chọn lại tệp.")
ERR_UPLOAD_TOO_BIG = _("Tệp “%(name)s” lớn hơn %(mb)s MB cho phép. Vui lòng chọn tệp nhỏ hơn.")
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
    """A display name without any directory part, control or reserved characters."""
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


def validate_upload(upload) -> CheckedUpload:
    """Check one uploaded file; raise ``ValidationError`` with a Vietnamese message."""
    shown = safe_name(getattr(upload, "name", ""))
    size = getattr(upload, "size", None) or 0
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            ERR_UPLOAD_TOO_BIG, code="too_big", params={"name": shown, "mb": limit // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(16)
    if not head:
        raise ValidationError(ERR_UPLOAD_EMPTY, code="empty", params={"name": shown})
    content_type = next(
        (kind for kind, (magic, _ext) in SIGNATURES.items() if head.startswith(magic)), None
    )
    if content_type is None:
        raise ValidationError(ERR_UPLOAD_TYPE, code="type", params={"name": shown})
    upload.seek(0)
    digest = hashlib.sha256()
    total = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        total += len(chunk)
        if total > limit:  # the declared size may lie
            raise ValidationError(
                ERR_UPLOAD_TOO_BIG,
                code="too_big",
                params={"name": shown, "mb": limit // (1024 * 1024)},
            )
    upload.seek(0)
    return CheckedUpload(
        name=safe_name(getattr(upload, "name", ""), content_type),
        content_type=content_type,
        size=total,
        checksum=digest.hexdigest(),
    )
