"""Supplements (bổ sung, hoàn thiện hồ sơ): asked once at reception and once during
appraisal, only for papers the law lists, and the dossiers whose supplement never came."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import due
from motcua.dossiers.actions.attachments import (
    ERR_SUPPLEMENT_WRONG_DOCUMENT,
    DocumentFile,
    store_files,
)
from motcua.dossiers.actions.core import commit, lock, time_limit
from motcua.dossiers.actions.endings import dossier_stop
from motcua.dossiers.actions.steps import finish_run, open_run, start_step
from motcua.dossiers.models import (
    Dossier,
    EventAction,
    Pause,
    Status,
    SupplementItem,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.permissions import check_receive_supplement, check_request_supplement
from motcua.lib.clock import now
from motcua.lib.errors import DomainError, InvalidInput, InvalidTransition, fail
from motcua.workdays import deadlines
from motcua.workdays.units import HOURS_PER_WORKING_DAY, SupplementClock

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import RequiredDocument

ERR_SUPPLEMENT_LATE = _(
    "Đã quá 03 ngày làm việc kể từ ngày tiếp nhận hồ sơ: không được yêu cầu bổ sung "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.5)."
)
ERR_SUPPLEMENT_NO_ITEMS = _("Vui lòng nêu ít nhất một giấy tờ cần bổ sung, hoàn thiện.")
ERR_SUPPLEMENT_FREE_ITEM = _(
    "Giấy tờ không có trong thành phần hồ sơ của thủ tục phải kèm lý do bằng văn bản "
    "(Nghị định 118/2025/NĐ-CP, Điều 5.1 cấm yêu cầu bổ sung ngoài quy định)."
)
# Decree 118 Art. 19.5: the applicant has 15 days to supplement, then processing stops.
UNSUPPLEMENTED_DAYS = 15
UNSUPPLEMENTED_REASON = (
    "Quá {days} ngày kể từ ngày yêu cầu bổ sung, hoàn thiện hồ sơ mà người nộp chưa bổ sung "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.5)."
)


@dataclass(frozen=True)
class SupplementItemSpec:
    """One paper asked for: a required document of the procedure, or free text with a reason."""

    required_document: RequiredDocument | None = None
    text: str = ""
    reason: str = ""


def check_supplement_items(dossier: Dossier, items: Sequence[SupplementItemSpec]) -> None:
    """Art. 5.1: only papers the procedure lists, or a free item with a written reason."""
    if not items:
        raise fail(InvalidInput, ERR_SUPPLEMENT_NO_ITEMS, "supplement_no_items")
    for item in items:
        if item.required_document is not None:
            if item.required_document.procedure_id != dossier.procedure_id:
                raise fail(InvalidInput, ERR_SUPPLEMENT_WRONG_DOCUMENT, "wrong_document")
        elif not (item.text or "").strip() or not (item.reason or "").strip():
            raise fail(InvalidInput, ERR_SUPPLEMENT_FREE_ITEM, "supplement_free_item")


def create_supplement_request(
    dossier: Dossier,
    *,
    stage: str,
    items: Sequence[SupplementItemSpec],
    reason: str,
    actor: User,
    at: dt.datetime,
) -> SupplementRequest:
    """The Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ and its items (already checked)."""
    request = SupplementRequest.objects.create(
        dossier=dossier, stage=stage, reason=reason, requested_at=at, requested_by=actor
    )
    SupplementItem.objects.bulk_create(
        SupplementItem(
            request=request,
            required_document=item.required_document,
            text=(item.text or "").strip(),
            reason=(item.reason or "").strip(),
        )
        for item in items
    )
    return request


def supplement_payload(request: SupplementRequest, items: Sequence[SupplementItemSpec]) -> dict:
    return {
        "supplement": request.pk,
        "stage": request.stage,
        "items": [
            {"document": i.required_document, "text": i.text, "reason": i.reason} for i in items
        ],
    }


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: User,
    dossier: Dossier,
    items: Sequence[SupplementItemSpec],
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask the applicant to supplement the dossier (→ 5).

    At reception (status 1): once per dossier (Decree 118 Art. 11.2.c, 16.3), by the
    receiving officer. During appraisal (status 4): within 03 working days of the
    dossier's receipt (Art. 19.5), by whoever works on the current step or the
    receiving officer; the clock pauses until the complete supplement arrives. Each
    item is a required document of the procedure or a free-text item with a written
    reason (Art. 5.1 forbids asking for papers the law does not list).
    """
    at = now(at)
    dossier = lock(dossier, version)
    check_request_supplement(actor, dossier)
    if dossier.status == Status.NEW:
        stage = SupplementStage.RECEPTION
    else:
        stage = SupplementStage.APPRAISAL
        elapsed = deadlines.working_time_between(dossier.received_at, at, agency=dossier.agency)
        if elapsed > 3 * HOURS_PER_WORKING_DAY:
            raise fail(InvalidTransition, ERR_SUPPLEMENT_LATE, "supplement_late")
    check_supplement_items(dossier, items)
    request = create_supplement_request(
        dossier, stage=stage, items=items, reason=reason, actor=actor, at=at
    )
    if stage == SupplementStage.APPRAISAL:
        Pause.objects.create(
            dossier=dossier, started_at=at, reason="Chờ bổ sung hồ sơ", supplement=request
        )
        dossier.paused_at = at
    before = dossier.status
    dossier.status = Status.SUPPLEMENT
    dossier.supplement_rounds += 1
    commit(
        dossier,
        actor=actor,
        action=EventAction.SUPPLEMENT_REQUESTED,
        at=at,
        from_status=before,
        note=reason,
        payload=supplement_payload(request, items),
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_receive_supplement(
    *,
    actor: User,
    dossier: Dossier,
    note: str = "",
    documents: Sequence[DocumentFile] = (),
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The complete supplement has arrived (at the counter, or uploaded by the applicant).

    After a reception-stage request the dossier is back to 1, awaiting acceptance.
    After an appraisal-stage request it is back to 4 and the clock runs again: with
    the RESTART reading (Decree 118 Art. 19.5) the time limit counts again from now;
    with SUBTRACT (Decision 766) the paused intervals are left out of the original
    limit (``due.due_after_supplement``). The current step restarts with its full budget
    (RESTART) or what was left of it (SUBTRACT).
    """
    at = now(at)
    dossier = lock(dossier, version)
    check_receive_supplement(actor, dossier)
    request = dossier.supplements.filter(completed_at__isnull=True).order_by("-pk").first()
    request.completed_at = at
    request.received_by = actor
    request.completion_note = note
    request.save(update_fields=["completed_at", "received_by", "completion_note"])
    files = store_files(dossier, documents, actor=actor, at=at, supplement=request)
    before = dossier.status
    payload: dict = {"supplement": request.pk, "stage": request.stage, "attachments": files}
    if request.stage == SupplementStage.RECEPTION:
        dossier.status = Status.NEW
    else:
        pause = Pause.objects.get(supplement=request)
        pause.ended_at = at
        pause.save(update_fields=["ended_at"])
        amount, unit = time_limit(dossier.procedure)
        clock = deadlines.supplement_clock_for(dossier.procedure)
        dossier.due_at = due.due_after_supplement(dossier, amount, unit, clock=clock)
        run = open_run(dossier)
        hours = None
        if clock == SupplementClock.RESTART:
            dossier.clock_started_at = at
        elif run is not None:
            hours = due.step_hours_left(run, pause.started_at)
        if run is not None:
            step, assignee = run.step, run.assignee
            finish_run(dossier, actor=actor, at=at, note="Tạm dừng chờ bổ sung hồ sơ")
            start_step(dossier, step, at=at, assignee=assignee, hours=hours)
        dossier.status = Status.PROCESSING
        dossier.paused_at = None
        payload.update({"clock": clock, "due_at": dossier.due_at})
    commit(
        dossier,
        actor=actor,
        action=EventAction.SUPPLEMENT_RECEIVED,
        at=at,
        from_status=before,
        note=note,
        payload=payload,
    )
    return dossier


def dossiers_stop_unsupplemented(
    *, days: int = UNSUPPLEMENTED_DAYS, at: dt.datetime | None = None
) -> list[Dossier]:
    """Stop (→ 8) every dossier waiting for a supplement asked ``days`` calendar days
    ago or earlier (Decree 118 Art. 19.5), each in its own transaction, recorded as the
    system; returns the dossiers stopped. One whose supplement arrived meanwhile is left."""
    at = now(at)
    limit = at - dt.timedelta(days=days)
    ids = list(
        Dossier.objects.filter(
            status=Status.SUPPLEMENT,
            supplements__completed_at__isnull=True,
            supplements__requested_at__lte=limit,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    stopped = []
    for pk in ids:
        try:
            dossier = dossier_stop(
                actor=None, dossier=pk, reason=UNSUPPLEMENTED_REASON.format(days=days), at=at
            )
        except DomainError:
            continue  # changed meanwhile (the supplement just arrived): leave it
        stopped.append(dossier)
    return stopped
