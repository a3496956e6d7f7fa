"""Reads of the catalog shared by pages, the API and other apps."""

from __future__ import annotations

import copy

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save

from motcua.catalog.models import Agency, Field, OnlineMode, Procedure, Process, ProcessStep


def procedure_search(
    *,
    query: str = "",
    field_code: str = "",
    agency_code: str = "",
    online_mode: str = "",
    include_withdrawn: bool = False,
):
    qs = Procedure.objects.all() if include_withdrawn else Procedure.objects.active()
    if query:
        qs = qs.search(query)
    if field_code:
        qs = qs.filter(field__code=field_code)
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        qs = (
            qs.filter(agencies__in=Agency.objects.subtree(agency)).distinct()
            if agency
            else qs.none()
        )
    if online_mode == "online":
        qs = qs.exclude(online_mode=OnlineMode.NONE)
    elif online_mode in OnlineMode.values:
        qs = qs.filter(online_mode=online_mode)
    return qs.select_related("field").order_by("field__name", "name", "code")


def procedure_get(code: str) -> Procedure | None:
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(
            "agencies",
            "fees",
            "documents",
            "channels",
            Prefetch(
                "processes",
                queryset=Process.objects.prefetch_related("steps__unit").order_by("-version"),
            ),
        )
        .filter(code=code)
        .first()
    )


def fields_in_use():
    return (
        Field.objects.filter(procedures__status=Procedure.Status.ACTIVE).distinct().order_by("name")
    )


def agencies_in_use():
    return (
        Agency.objects.filter(procedures__status=Procedure.Status.ACTIVE, is_active=True)
        .distinct()
        .order_by("path")
    )


# Process id -> its first step, with the process: every intake opens one.
_FIRST_STEPS: dict[int, ProcessStep] = {}


def first_step(procedure: Procedure) -> ProcessStep | None:
    """The first step of the procedure's current process version, with its process
    (None when the procedure has no process yet).

    A version is never edited once published (``services.process_publish`` writes a new
    one and points ``Procedure.current_process`` at it), so each worker process keeps the
    answer per version and reads it once. A version saved or deleted in this process drops
    its entry: SQLite hands a rolled-back primary key out again. The caller gets its own
    copy, so what it caches on the step or its process (a unit, say) is not shared."""
    process_id = procedure.current_process_id
    if process_id is None:
        return None
    step = _FIRST_STEPS.get(process_id)
    if step is None:
        step = (
            ProcessStep.objects.select_related("process")
            .filter(process_id=process_id)
            .order_by("order")
            .first()
        )
        if step is None:
            return None
        _FIRST_STEPS[process_id] = step
    mine = copy.copy(step)
    mine.process = copy.copy(step.process)
    return mine


def _forget_first_step(sender, instance: Process, **kwargs) -> None:
    _FIRST_STEPS.pop(instance.pk, None)


post_save.connect(_forget_first_step, sender=Process, dispatch_uid="catalog.first_step.save")
post_delete.connect(_forget_first_step, sender=Process, dispatch_uid="catalog.first_step.delete")
