"""Moving a dossier through the steps of its pinned process, and the runs of each step.

A ``StepRun`` is one pass through a step: its unit, its assignee, and its due moment,
the step's budget of working hours from its start on the unit's calendar.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.permissions import can
from motcua.dossiers.actions.core import commit, lock, required_text
from motcua.dossiers.models import Dossier, EventAction, StepRun
from motcua.dossiers.permissions import (
    ERR_SEND_BACK_STEP,
    check_assign,
    check_forward,
    check_send_back,
    step_action,
    step_unit,
)
from motcua.dossiers.selectors import next_step
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, fail
from motcua.workdays import deadlines
from motcua.workdays.units import TimeUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import ProcessStep

ERR_ASSIGNEE = _("Người được phân công không có vai trò xử lý bước này tại đơn vị.")


def start_step(
    dossier: Dossier,
    step: ProcessStep,
    *,
    at: dt.datetime,
    assignee: User | None = None,
    hours: Decimal | None = None,
    save: bool = True,
) -> StepRun:
    """Open a run of the step; its due is the step's budget of working hours from ``at``
    (or ``hours`` when given)."""
    unit = step_unit(dossier, step)
    budget = step.budget_hours if hours is None else hours
    run = StepRun(
        dossier=dossier,
        step=step,
        unit=unit,
        assignee=assignee,
        started_at=at,
        due_at=deadlines.add_working_time(at, budget, TimeUnit.WORKING_HOURS, agency=unit),
    )
    if save:
        run.save()
    dossier.current_step = step
    dossier.current_unit = unit
    dossier.assignee = assignee
    return run


def open_run(dossier: Dossier) -> StepRun | None:
    return dossier.step_runs.filter(finished_at__isnull=True).order_by("-pk").first()


def finish_run(
    dossier: Dossier, *, actor: User | None, at: dt.datetime, note: str = ""
) -> StepRun | None:
    """Close the open run of the current step, if any."""
    run = open_run(dossier)
    if run is not None:
        run.finished_at = at
        run.finished_by = actor
        run.note = note
        run.save(update_fields=["finished_at", "finished_by", "note"])
    return run


def _check_assignee(dossier: Dossier, step: ProcessStep, assignee: User | None) -> None:
    if assignee is not None and not can(assignee, step_action(step), step_unit(dossier, step)):
        raise fail(InvalidInput, ERR_ASSIGNEE, "assignee")


@transaction.atomic
def dossier_forward(
    *,
    actor: User,
    dossier: Dossier,
    assignee: User | None = None,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Finish the current step and open the next one of the pinned process
    (``permissions.check_forward``)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_forward(actor, dossier)
    following = next_step(dossier)
    _check_assignee(dossier, following, assignee)
    previous = dossier.current_step
    finish_run(dossier, actor=actor, at=at, note=note)
    run = start_step(dossier, following, at=at, assignee=assignee)
    commit(
        dossier,
        actor=actor,
        action=EventAction.FORWARDED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={
            "from_step": previous.pk,
            "to_step": following.pk,
            "unit": run.unit_id,
            "assignee": assignee.pk if assignee else None,
            "step_due_at": run.due_at,
        },
    )
    return dossier


@transaction.atomic
def dossier_assign(
    *,
    actor: User,
    dossier: Dossier,
    assignee: User,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Give the current step to a person of its unit (needs ASSIGN in the unit)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_assign(actor, dossier)
    _check_assignee(dossier, dossier.current_step, assignee)
    run = open_run(dossier)
    if run is not None:
        run.assignee = assignee
        run.save(update_fields=["assignee"])
    dossier.assignee = assignee
    commit(
        dossier,
        actor=actor,
        action=EventAction.ASSIGNED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={"assignee": assignee.pk, "assignee_name": assignee.display_name},
    )
    return dossier


@transaction.atomic
def dossier_send_back(
    *,
    actor: User,
    dossier: Dossier,
    to_step: ProcessStep,
    reason: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Return the dossier to an earlier step of its process, with a reason."""
    at = now(at)
    dossier = lock(dossier, version)
    check_send_back(actor, dossier)
    if to_step.process_id != dossier.process_id or to_step.order >= dossier.current_step.order:
        raise fail(InvalidInput, ERR_SEND_BACK_STEP, "send_back_step")
    reason = required_text(reason)
    previous = dossier.current_step
    # The person who did the earlier step gets it back.
    last = dossier.step_runs.filter(step=to_step).order_by("-pk").first()
    finish_run(dossier, actor=actor, at=at, note=reason)
    run = start_step(dossier, to_step, at=at, assignee=last.assignee if last else None)
    commit(
        dossier,
        actor=actor,
        action=EventAction.SENT_BACK,
        at=at,
        from_status=dossier.status,
        note=reason,
        payload={"from_step": previous.pk, "to_step": to_step.pk, "step_due_at": run.due_at},
    )
    return dossier
