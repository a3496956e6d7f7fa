"""The dossier's appointment (hẹn trả kết quả): how it moves, and how it is explained.

It is set at receipt (``actions.intake``) from the procedure's time limit, recomputed
when a complete supplement arrives during appraisal (``due_after_supplement``, Decree
118 Art. 19.5 or the Decision 766 reading), moved once by an approved extension (Art.
19.6), and explained to staff line by line (``explain``). The arithmetic itself —
working days, holidays, office hours, pauses — is ``motcua.workdays.deadlines``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, StepRun, SupplementStage
from motcua.dossiers.states import CLOCK_RUNNING
from motcua.workdays import deadlines
from motcua.workdays.units import SupplementClock, TimeUnit


def due_after_supplement(
    dossier: Dossier, amount: Decimal, unit: str, *, clock: str
) -> dt.datetime:
    """The appointment once the appraisal-stage supplements are in: from the receipt
    with the time limit counted again after them (RESTART, Decree 118 Art. 19.5) or the
    paused intervals left out (SUBTRACT, Decision 766); an approved extension keeps its
    length on top."""
    asked = list(
        dossier.supplements.filter(stage=SupplementStage.APPRAISAL).values_list(
            "requested_at", "completed_at"
        )
    )
    due = deadlines.due_after_supplements(
        dossier.received_at, amount, unit, supplements=asked, clock=clock, agency=dossier.agency
    )
    extension = dossier.extensions.filter(approved=True).first()
    if extension is not None:
        extra = deadlines.working_time_between(
            extension.previous_due_at, extension.new_due_at, agency=dossier.agency
        )
        due = deadlines.add_working_time(due, extra, TimeUnit.WORKING_HOURS, agency=dossier.agency)
    return due


def step_hours_left(run: StepRun, paused_at: dt.datetime) -> Decimal:
    """What was left of a step's budget when the clock stopped (never below zero)."""
    left = deadlines.working_time_between(paused_at, run.due_at, agency=run.unit)
    return max(Decimal(left), Decimal(0))


def explain(dossier: Dossier) -> list[str]:
    """The explanation of the appointment, from the working calendar."""
    if dossier.received_at is None or dossier.due_at is None:
        return []
    amount, unit = dossier.procedure.time_limit
    if amount is None:
        return []
    try:
        if deadlines.supplement_clock_for(dossier.procedure) == SupplementClock.RESTART:
            start = dossier.clock_started_at or dossier.received_at
            explanation = deadlines.explain_due(start, amount, unit, agency=dossier.agency)
        else:
            pauses = [
                (p.started_at, p.ended_at) for p in dossier.pauses.filter(ended_at__isnull=False)
            ]
            explanation = deadlines.explain_due(
                dossier.received_at, amount, unit, agency=dossier.agency, pauses=pauses
            )
    except ValueError:
        return []
    lines = [str(line) for line in explanation.lines]
    extension = dossier.extensions.filter(approved=True).first()
    if extension is not None:
        lines.append(
            str(_("Đã gia hạn một lần (Nghị định 118/2025/NĐ-CP, Điều 19.6): hẹn trả mới %(due)s."))
            % {"due": timezone.localtime(extension.new_due_at).strftime("%H:%M %d/%m/%Y")}
        )
    return lines


def remaining(dossier: Dossier, now: dt.datetime) -> Decimal | None:
    """Working hours left until the appointment while the clock runs (negative: late)."""
    if dossier.due_at is None or dossier.status not in CLOCK_RUNNING:
        return None
    try:
        return deadlines.working_time_between(now, dossier.due_at, agency=dossier.agency)
    except ValueError:
        return None


def step_times(dossier: Dossier, now: dt.datetime) -> list[dict]:
    """Each step of the pinned process with its budget and the time its runs took:
    ``{"step", "current", "runs": [{"run", "used", "timeliness"}]}``."""
    if dossier.process_id is None:
        return []
    runs = list(
        StepRun.objects.filter(dossier=dossier)
        .select_related("unit", "assignee", "finished_by")
        .order_by("started_at", "pk")
    )
    rows = []
    for step in dossier.process.steps.select_related("unit").order_by("order"):
        step_runs = []
        for run in (r for r in runs if r.step_id == step.pk):
            try:
                used = deadlines.working_time_between(
                    run.started_at, run.finished_at or now, agency=run.unit
                )
            except ValueError:
                used = None
            step_runs.append({"run": run, "used": used, "timeliness": run.timeliness})
        rows.append(
            {
                "step": step,
                "runs": step_runs,
                "current": step.pk == dossier.current_step_id,
            }
        )
    return rows
