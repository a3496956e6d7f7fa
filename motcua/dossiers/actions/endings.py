"""How a dossier ends: withdrawn (7), stopped (8), finished (9), its result returned
(10), and how the applicant receives that result."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.core import check_delivery, commit, lock, required_text
from motcua.dossiers.actions.steps import finish_run
from motcua.dossiers.models import DeliveryMethod, Dossier, EventAction, Status
from motcua.dossiers.permissions import (
    check_finish,
    check_return_result,
    check_set_delivery,
    check_stop,
    check_withdraw,
)
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, fail

if TYPE_CHECKING:
    from motcua.accounts.models import User

ERR_DELIVERY_UNCHANGED = _("Hình thức và địa chỉ nhận kết quả không thay đổi.")


def _close(dossier: Dossier, *, actor: User | None, at: dt.datetime, note: str) -> None:
    finish_run(dossier, actor=actor, at=at, note=note)
    open_pause = dossier.pauses.filter(ended_at__isnull=True).first()
    if open_pause is not None:
        open_pause.ended_at = at
        open_pause.save(update_fields=["ended_at"])
    dossier.paused_at = None
    if dossier.received_at is not None:
        dossier.ended_at = at


def _close_with_reason(
    dossier: Dossier,
    *,
    actor: User | None,
    at: dt.datetime,
    reason: str,
    status: int,
    action: str,
    notify: bool,
) -> None:
    """End the dossier with the reason given (withdrawn, stopped): required, kept on the
    dossier and in its event."""
    reason = required_text(reason)
    before = dossier.status
    _close(dossier, actor=actor, at=at, note=reason)
    dossier.status = status
    dossier.closed_reason = reason
    commit(
        dossier, actor=actor, action=action, at=at, from_status=before, note=reason, notify=notify
    )


@transaction.atomic
def dossier_withdraw(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Withdraw at the applicant's request (→ 7), from submission or receipt until the
    decision (Decree 118 Art. 21): by the applicant's own account, or recorded by the
    receiving officer from the written request."""
    at = now(at)
    dossier = lock(dossier, version)
    check_withdraw(actor, dossier)
    _close_with_reason(
        dossier,
        actor=actor,
        at=at,
        reason=reason,
        status=Status.WITHDRAWN,
        action=EventAction.WITHDRAWN,
        notify=False,
    )
    return dossier


@transaction.atomic
def dossier_stop(
    *,
    actor: User | None,
    dossier: Dossier,
    reason: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Stop processing (→ 8; Circular 03/2025 form 05): by the one-stop office, the
    competent agency's leader, or the system (``supplements.dossiers_stop_unsupplemented``,
    Decree 118 Art. 19.5)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_stop(actor, dossier)
    _close_with_reason(
        dossier,
        actor=actor,
        at=at,
        reason=reason,
        status=Status.STOPPED,
        action=EventAction.STOPPED,
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_finish(
    *,
    actor: User,
    dossier: Dossier,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Processing is complete (→ 9): the dossier has a decision (approved or refused),
    no open inter-agency part and no unpaid obligation. The time of this status is the
    end of processing for timeliness (Decision 766)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_finish(actor, dossier)
    before = dossier.status
    _close(dossier, actor=actor, at=at, note=note)
    dossier.status = Status.FINISHED
    dossier.completed_at = at
    dossier.current_step = None
    dossier.current_unit = None
    dossier.assignee = None
    commit(
        dossier,
        actor=actor,
        action=EventAction.FINISHED,
        at=at,
        from_status=before,
        note=note,
        payload={"outcome": dossier.outcome, "due_at": dossier.due_at},
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_return_result(
    *,
    actor: User | None,
    dossier: Dossier,
    delivery_method: str | None = None,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Hand over the result (→ 10) at the counter, by post or electronically (Decree 118
    Art. 22). The system may return electronic results by itself."""
    at = now(at)
    dossier = lock(dossier, version)
    method = delivery_method or dossier.delivery_method
    check_return_result(actor, dossier, delivery_method=method)
    check_delivery(dossier.procedure, method, dossier.delivery_address)
    before = dossier.status
    dossier.status = Status.RETURNED
    dossier.returned_at = at
    dossier.delivery_method = method
    commit(
        dossier,
        actor=actor,
        action=EventAction.RETURNED,
        at=at,
        from_status=before,
        note=note,
        payload={"delivery_method": method, "outcome": dossier.outcome},
    )
    return dossier


@transaction.atomic
def dossier_set_delivery(
    *,
    actor: User,
    dossier: Dossier,
    delivery_method: str,
    delivery_address: str = "",
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Change how the result will be received (at the counter, by post, electronically)
    before it is returned, at the applicant's request (Decree 118 Art. 22; the result
    goes by public postal service only to an address). The applicant or a receiving
    officer of the point records it; the method must be one the procedure offers."""
    at = now(at)
    dossier = lock(dossier, version)
    check_set_delivery(actor, dossier)
    address = (
        (delivery_address or "").strip()[:500] if delivery_method == DeliveryMethod.POST else ""
    )
    check_delivery(dossier.procedure, delivery_method, address)
    before = (dossier.delivery_method, dossier.delivery_address)
    if (delivery_method, address) == before:
        raise fail(InvalidInput, ERR_DELIVERY_UNCHANGED, "delivery_unchanged")
    dossier.delivery_method, dossier.delivery_address = delivery_method, address
    commit(
        dossier,
        actor=actor,
        action=EventAction.DELIVERY_CHANGED,
        at=at,
        from_status=dossier.status,
        note=(note or "").strip(),
        payload={
            "delivery_method": delivery_method,
            "delivery_address": address,
            "previous_method": before[0],
            "previous_address": before[1],
        },
    )
    return dossier
