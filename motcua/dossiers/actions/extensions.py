"""The one extension of a dossier's appointment, proposed with an apology letter and
decided by the head of the competent agency (Decree 118 Art. 19.6; Circular 03/2025
form 04)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.core import commit, lock, required_text
from motcua.dossiers.models import Dossier, EventAction, Extension
from motcua.dossiers.permissions import check_decide_extension, check_propose_extension
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, InvalidTransition, fail
from motcua.workdays import deadlines
from motcua.workdays.units import HOURS_PER_WORKING_DAY

if TYPE_CHECKING:
    from motcua.accounts.models import User

ERR_EXTENSION_TOO_LATE = _(
    "Phải đề nghị gia hạn chậm nhất 01 ngày làm việc trước thời hạn trả kết quả "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.6)."
)
ERR_EXTENSION_DATE = _("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.")
ERR_APOLOGY_REQUIRED = _("Vui lòng nhập nội dung văn bản xin lỗi gửi người nộp hồ sơ.")


@transaction.atomic
def dossier_propose_extension(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    apology: str,
    new_due_at: dt.datetime,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Propose a new appointment with an apology letter (Decree 118 Art. 19.6; Circular
    03/2025 form 04): at the latest 01 working day before the due moment, at most once
    per dossier. The head of the competent agency approves it
    (``dossier_decide_extension``)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_propose_extension(actor, dossier)
    reason, apology = required_text(reason), (apology or "").strip()
    if not apology:
        raise fail(InvalidInput, ERR_APOLOGY_REQUIRED, "apology_required")
    if new_due_at <= dossier.due_at:
        raise fail(InvalidInput, ERR_EXTENSION_DATE, "extension_date")
    ahead = deadlines.working_time_between(at, dossier.due_at, agency=dossier.agency)
    if ahead < HOURS_PER_WORKING_DAY:
        raise fail(InvalidTransition, ERR_EXTENSION_TOO_LATE, "extension_too_late")
    extension = Extension.objects.create(
        dossier=dossier,
        reason=reason,
        apology=apology,
        previous_due_at=dossier.due_at,
        new_due_at=new_due_at,
        proposed_at=at,
        proposed_by=actor,
    )
    commit(
        dossier,
        actor=actor,
        action=EventAction.EXTENSION_PROPOSED,
        at=at,
        from_status=dossier.status,
        note=reason,
        payload={"extension": extension.pk, "due_at": dossier.due_at, "new_due_at": new_due_at},
    )
    return dossier


@transaction.atomic
def dossier_decide_extension(
    *,
    actor: User,
    dossier: Dossier,
    approve: bool,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The head of the competent agency approves (or not) the proposed extension
    (Action.APPROVE_EXTENSION). Approval re-sets the appointment, keeping the previous
    one on the Extension row, and the applicant is told the new date."""
    at = now(at)
    dossier = lock(dossier, version)
    check_decide_extension(actor, dossier)
    extension = dossier.extensions.filter(approved__isnull=True).first()
    extension.approved = approve
    extension.decided_at, extension.decided_by = at, actor
    if approve:
        extension.previous_due_at = dossier.due_at
        dossier.due_at = extension.new_due_at
        dossier.extension_count += 1
    extension.save()
    commit(
        dossier,
        actor=actor,
        action=EventAction.EXTENSION_APPROVED if approve else EventAction.EXTENSION_REJECTED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={
            "extension": extension.pk,
            "previous_due_at": extension.previous_due_at,
            "new_due_at": extension.new_due_at,
        },
        notify=approve,
    )
    return dossier
