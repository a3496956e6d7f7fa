"""Writes to the catalog that carry rules: publishing a new process version."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalog.models import Agency, Procedure, Process, ProcessStep, format_amount
from motcua.workdays.units import TimeUnit


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    budget_hours: Decimal
    unit: Agency | None = None


def process_check_budgets(procedure: Procedure, steps: list[StepSpec]) -> None:
    """Step budgets must add up to the procedure's time limit in working hours."""
    if not steps:
        raise ValidationError(_("Quy trình phải có ít nhất một bước."), code="no_steps")
    limit = procedure.time_limit_hours
    if limit is None:
        amount, unit = procedure.time_limit
        if amount is None:
            raise ValidationError(
                _(
                    "Thủ tục chưa có thời hạn giải quyết: hãy nhập thời hạn cam kết trước khi lập quy trình."
                ),
                code="no_limit",
            )
        raise ValidationError(
            _(
                "Thời hạn của thủ tục tính bằng %(unit)s, không chia được thành giờ làm việc: "
                "hãy nhập thời hạn cam kết theo ngày làm việc hoặc giờ làm việc."
            ),
            code="limit_not_working_time",
            params={"unit": TimeUnit(unit).label},
        )
    total = sum((step.budget_hours for step in steps), Decimal(0))
    if total != limit:
        raise ValidationError(
            _(
                "Tổng thời gian các bước là %(total)s giờ làm việc, nhưng thời hạn giải quyết là "
                "%(limit)s giờ làm việc (%(days)s ngày làm việc). Hai con số phải bằng nhau."
            ),
            code="budget_mismatch",
            params={
                "total": format_amount(total),
                "limit": format_amount(limit),
                "days": format_amount(limit / 8),
            },
        )


@transaction.atomic
def process_publish(
    *, procedure: Procedure, steps: list[StepSpec], note: str = "", user=None
) -> Process:
    """Save the steps as the procedure's next process version.

    Earlier versions stay untouched, so dossiers that pinned them keep their budgets.
    """
    process_check_budgets(procedure, steps)
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    last = procedure.processes.order_by("-version").values_list("version", flat=True).first() or 0
    process = Process.objects.create(
        procedure=procedure, version=last + 1, note=note, created_by=user
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process,
            order=index,
            name=spec.name,
            role=spec.role,
            budget_hours=spec.budget_hours,
            unit=spec.unit,
        )
        for index, spec in enumerate(steps, start=1)
    )
    Procedure.objects.filter(pk=procedure.pk).update(current_process=process)
    procedure.current_process = process
    return process
