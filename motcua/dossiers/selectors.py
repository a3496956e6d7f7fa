"""Reads about one dossier that are not QuerySet methods (those are in ``querysets``)."""

from __future__ import annotations

from motcua.catalog.models import ProcessStep


def next_step(dossier) -> ProcessStep | None:
    """The step after the dossier's current one in its pinned process, or None."""
    if dossier.current_step is None:
        return None
    return (
        ProcessStep.objects.filter(
            process_id=dossier.process_id, order__gt=dossier.current_step.order
        )
        .select_related("unit")
        .order_by("order")
        .first()
    )
