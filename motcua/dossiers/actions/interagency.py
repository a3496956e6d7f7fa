"""Inter-agency processing (liên thông): parts of the work sent to other agencies at
once, each with its deadline, and their answers (Decree 118 Art. 20.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.core import commit, lock, required_text
from motcua.dossiers.models import Dossier, EventAction, InterAgencyTask
from motcua.dossiers.permissions import (
    check_answer_interagency,
    check_send_interagency,
    require,
)
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, fail
from motcua.workdays import deadlines
from motcua.workdays.units import TimeUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import Agency

ERR_INTERAGENCY_EMPTY = _("Vui lòng chọn ít nhất một cơ quan phối hợp.")
ERR_INTERAGENCY_LEAD = _("Phải có đúng một cơ quan chủ trì.")
ERR_INTERAGENCY_DUPLICATE = _("Mỗi cơ quan chỉ được gửi một lần trong cùng một lượt liên thông.")


@dataclass(frozen=True)
class InterAgencyPart:
    """One agency in an inter-agency send: its share of the work and its time in working hours."""

    agency: Agency
    hours: Decimal | int
    content: str
    is_lead: bool = False


@transaction.atomic
def dossier_send_interagency(
    *,
    actor: User,
    dossier: Dossier,
    parts: Sequence[InterAgencyPart],
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Send the dossier to one or more agencies at once, naming the lead agency and each
    agency's work and deadline (Decree 118 Art. 20.3). The dossier cannot be approved,
    refused or finished while any of them has not answered."""
    at = now(at)
    dossier = lock(dossier, version)
    check_send_interagency(actor, dossier)
    if not parts:
        raise fail(InvalidInput, ERR_INTERAGENCY_EMPTY, "interagency_empty")
    if sum(1 for p in parts if p.is_lead) != 1:
        raise fail(InvalidInput, ERR_INTERAGENCY_LEAD, "interagency_lead")
    if len({p.agency.pk for p in parts}) != len(parts):
        raise fail(InvalidInput, ERR_INTERAGENCY_DUPLICATE, "interagency_duplicate")
    InterAgencyTask.objects.bulk_create(
        InterAgencyTask(
            dossier=dossier,
            agency=p.agency,
            is_lead=p.is_lead,
            content=p.content,
            sent_at=at,
            sent_by=actor,
            due_at=deadlines.add_working_time(
                at, Decimal(p.hours), TimeUnit.WORKING_HOURS, agency=p.agency
            ),
        )
        for p in parts
    )
    tasks = list(InterAgencyTask.objects.filter(dossier=dossier, sent_at=at).order_by("pk"))
    commit(
        dossier,
        actor=actor,
        action=EventAction.INTERAGENCY_SENT,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={
            "tasks": [
                {"task": t.pk, "agency": t.agency_id, "lead": t.is_lead, "due_at": t.due_at}
                for t in tasks
            ]
        },
    )
    return dossier


@transaction.atomic
def dossier_answer_interagency(
    *,
    actor: User | None,
    dossier: Dossier | int,
    task: InterAgencyTask,
    answer: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Record an agency's result for its part of the dossier's inter-agency send: by
    that agency's staff, or by whoever works on the current step when the answer came
    on paper (``permissions.check_answer_interagency``)."""
    at = now(at)
    dossier = lock(dossier, version)
    task = (
        InterAgencyTask.objects.select_related("agency").filter(pk=task.pk, dossier=dossier).first()
    )
    require(task is not None)  # a part of another dossier
    check_answer_interagency(actor, dossier, task=task)
    answer = required_text(answer)
    task.answered_at, task.answered_by, task.answer = at, actor, answer
    task.save(update_fields=["answered_at", "answered_by", "answer"])
    commit(
        dossier,
        actor=actor,
        action=EventAction.INTERAGENCY_ANSWERED,
        at=at,
        from_status=dossier.status,
        note=answer,
        payload={
            "task": task.pk,
            "agency": task.agency_id,
            "lead": task.is_lead,
            "on_time": at <= task.due_at,
        },
    )
    return dossier
