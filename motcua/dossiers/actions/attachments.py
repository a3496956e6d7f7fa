"""Files of a dossier: the papers filed with it and those added while it is open."""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.core import commit, lock
from motcua.dossiers.models import Attachment, Dossier, EventAction, SupplementRequest
from motcua.dossiers.permissions import check_attach
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, fail

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import RequiredDocument

ERR_SUPPLEMENT_WRONG_DOCUMENT = _("Giấy tờ được yêu cầu không thuộc thành phần hồ sơ của thủ tục.")


@dataclass(frozen=True)
class DocumentFile:
    """A file for a required document (or an extra paper when ``required_document`` is None)."""

    file: File
    required_document: RequiredDocument | None = None
    name: str = ""
    content_type: str = ""


def _store_file(
    dossier: Dossier,
    document: DocumentFile,
    *,
    actor: User | None,
    at: dt.datetime,
    supplement: SupplementRequest | None = None,
) -> Attachment:
    digest = hashlib.sha256()
    size = 0
    upload = document.file
    if hasattr(upload, "seek"):
        upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
        size += len(chunk)
    if hasattr(upload, "seek"):
        upload.seek(0)
    name = document.name or getattr(upload, "name", "") or "tep"
    name = name.rsplit("/", 1)[-1][:255]
    content_type = (
        document.content_type
        or getattr(upload, "content_type", "")
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )
    attachment = Attachment(
        dossier=dossier,
        required_document=document.required_document,
        supplement=supplement,
        name=name,
        size=size,
        content_type=content_type,
        checksum=digest.hexdigest(),
        uploaded_at=at,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def store_files(
    dossier: Dossier,
    documents: Sequence[DocumentFile],
    *,
    actor: User | None,
    at: dt.datetime,
    supplement: SupplementRequest | None = None,
) -> list[dict]:
    """Store the files of a saved dossier (each for a document of its procedure, or an
    extra paper) and return them as the event's payload lists them."""
    for document in documents:
        rd = document.required_document
        if rd is not None and rd.procedure_id != dossier.procedure_id:
            raise fail(InvalidInput, ERR_SUPPLEMENT_WRONG_DOCUMENT, "wrong_document")
    stored = [
        _store_file(dossier, document, actor=actor, at=at, supplement=supplement)
        for document in documents
    ]
    return [
        {
            "attachment": a.pk,
            "document": a.required_document_id,
            "name": a.name,
            "checksum": a.checksum,
        }
        for a in stored
    ]


@transaction.atomic
def dossier_attach(
    *,
    actor: User,
    dossier: Dossier,
    documents: Sequence[DocumentFile],
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Add files to a dossier still open (a scanned paper, an appraisal record)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_attach(actor, dossier)
    files = store_files(dossier, documents, actor=actor, at=at)
    commit(
        dossier,
        actor=actor,
        action=EventAction.ATTACHED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={"attachments": files},
    )
    return dossier
