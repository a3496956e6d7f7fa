"""Satisfaction from the citizens' ratings of dossiers (feedback.Rating)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from motcua.catalog.models import Agency
from motcua.reports.stats import make_period, subtree_ids


def satisfaction_by_agency(
    *, start: dt.date, end: dt.date, agency: Agency | None = None
) -> dict[int, dict[str, float | int | None]]:
    """Per agency: ratings, dissatisfied ratings and the satisfied share in %.

    A rating is *satisfied* when no criterion is rated dissatisfied (``Rating.dissatisfied``
    is False), Decision 766 indicator 5.4 reading "có đánh giá dislike".
    """
    from motcua.feedback.models import Rating

    period = make_period(start, end)
    qs = Rating.objects.filter(created_at__gte=period.start_at, created_at__lt=period.end_at)
    ids = subtree_ids(agency)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    out: dict[int, dict[str, float | int | None]] = {}
    for row in qs.values("agency").annotate(
        total=Count("pk"), unhappy=Count("pk", filter=Q(dissatisfied=True))
    ):
        total, unhappy = row["total"], row["unhappy"]
        out[row["agency"]] = {
            "ratings": total,
            "dissatisfied": unhappy,
            "satisfied_rate": round((total - unhappy) * 100 / total, 2) if total else None,
        }
    return out
