"""The decision on a dossier: the result approved (and signed) or refused after appraisal."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.core import commit, lock, required_text
from motcua.dossiers.models import Dossier, EventAction, Outcome
from motcua.dossiers.permissions import check_approve, check_refuse
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, fail
from motcua.paperwork.signing import SigningKeyMissing, sign_pdf

if TYPE_CHECKING:
    from motcua.accounts.models import User

ERR_RESULT_NOT_PDF = _("Kết quả điện tử phải là tệp PDF để ký số.")
ERR_RESULT_UNSIGNABLE = _("Không ký số được tệp kết quả: tệp PDF bị hỏng hoặc không đọc được.")
ERR_NO_SIGNING_KEY = _(
    "Chưa cấu hình khóa ký số của cơ quan nên chưa ký được kết quả điện tử. "
    "Vui lòng liên hệ quản trị hệ thống."
)


def _signed_result(dossier: Dossier, upload: File) -> File:
    """The approved result, signed with the agency's key (PAdES).

    Decree 118 Art. 22.1: electronic results are digitally signed. A file that is
    already signed keeps its signatures; ours is added as an incremental update.
    """
    upload.seek(0)
    data = upload.read()
    if not data.startswith(b"%PDF"):
        raise fail(InvalidInput, ERR_RESULT_NOT_PDF, "result_not_pdf")
    reason = f"Kết quả giải quyết hồ sơ {dossier.code or ''}".strip()
    try:
        signed = sign_pdf(data, reason=reason, location=dossier.agency.name)
    except SigningKeyMissing:
        raise fail(InvalidInput, ERR_NO_SIGNING_KEY, "no_signing_key") from None
    except Exception:  # pyHanko raises many kinds for a broken PDF
        raise fail(InvalidInput, ERR_RESULT_UNSIGNABLE, "result_unsignable") from None
    return ContentFile(signed)


@transaction.atomic
def dossier_approve(
    *,
    actor: User,
    dossier: Dossier,
    note: str = "",
    result_file: File | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The leader approves the result (``permissions.check_approve``: APPROVE in the
    competent agency or the current unit). The signed result file may be attached now or
    later."""
    at = now(at)
    dossier = lock(dossier, version)
    check_approve(actor, dossier)
    dossier.outcome = Outcome.APPROVED
    dossier.decided_at, dossier.decided_by = at, actor
    dossier.result_note = note
    if result_file is not None:
        dossier.result_file.save(
            getattr(result_file, "name", "ket-qua.pdf"),
            _signed_result(dossier, result_file),
            save=False,
        )
    commit(
        dossier,
        actor=actor,
        action=EventAction.APPROVED,
        at=at,
        from_status=dossier.status,
        note=note,
    )
    return dossier


@transaction.atomic
def dossier_refuse(
    *,
    actor: User,
    dossier: Dossier,
    reasons: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Refuse after appraisal (Decree 118 Art. 19.2): the dossier is then finished (9) and
    returned (10) with the written refusal notice, within the time limit."""
    at = now(at)
    dossier = lock(dossier, version)
    check_refuse(actor, dossier)
    reasons = required_text(reasons)
    dossier.outcome = Outcome.REFUSED
    dossier.decided_at, dossier.decided_by = at, actor
    dossier.result_note = reasons
    commit(
        dossier,
        actor=actor,
        action=EventAction.REFUSED,
        at=at,
        from_status=dossier.status,
        note=reasons,
        notify=True,
    )
    return dossier
