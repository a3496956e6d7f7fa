"""Scorecards: the head of an agency and each officer (Decree 118 Art. 34 uses the
ratings in the appraisal of officers)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from motcua.accounts.models import User
from motcua.catalog.models import Agency
from motcua.dossiers.models import Extension, StepRun
from motcua.feedback.models import Feedback, Rating
from motcua.reports.periods import make_period, subtree_ids
from motcua.reports.satisfaction import ratings_in
from motcua.reports.stats import period_statistics


def agency_scorecard(*, start: dt.date, end: dt.date, agency: Agency) -> dict:
    """On-time rate, late dossiers, apologies, ratings and complaints of an agency subtree."""
    period = make_period(start, end)
    stats = period_statistics(start=start, end=end, agency=agency, now=period.now)
    ids = subtree_ids(agency)
    ratings = ratings_in(start=start, end=end, agency=agency).aggregate(
        total=Count("pk"), unhappy=Count("pk", filter=Q(dissatisfied=True))
    )
    return {
        "agency": agency,
        "stats": stats,
        "on_time_rate": stats["on_time_rate"],
        "late": stats["resolved"]["late"] + stats["in_progress"]["overdue"],
        "apologies": Extension.objects.filter(
            dossier__agency_id__in=ids,
            approved=True,
            decided_at__gte=period.start_at,
            decided_at__lt=period.end_at,
        ).count(),
        "ratings": ratings["total"],
        "dissatisfied": ratings["unhappy"],
        "satisfied_rate": (
            round((ratings["total"] - ratings["unhappy"]) * 100 / ratings["total"], 2)
            if ratings["total"]
            else None
        ),
        "complaints": Feedback.objects.filter(
            agency_id__in=ids, received_at__gte=period.start_at, received_at__lt=period.end_at
        ).count(),
    }


def officer_scorecards(*, start: dt.date, end: dt.date, agency: Agency) -> list[dict]:
    """Per officer: step runs finished in the period in the agency subtree, how many by
    the step's due moment (``timeliness.step_timeliness``: finished ≤ due), the average
    hours per step, and the ratings naming them."""
    period = make_period(start, end)
    ids = subtree_ids(agency)
    runs = (
        StepRun.objects.filter(
            unit_id__in=ids,
            finished_by__isnull=False,
            finished_at__gte=period.start_at,
            finished_at__lt=period.end_at,
        )
        .values("finished_by")
        .annotate(
            steps=Count("pk"),
            dossiers=Count("dossier", distinct=True),
            on_time=Count("pk", filter=Q(finished_at__lte=F("due_at"))),
            avg=Avg(
                ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
            ),
        )
    )
    rated = {
        row["officers"]: row
        for row in Rating.objects.filter(
            created_at__gte=period.start_at, created_at__lt=period.end_at, officers__isnull=False
        )
        .values("officers")
        .annotate(n=Count("pk"), unhappy=Count("pk", filter=Q(dissatisfied=True)))
    }
    names = {
        u.pk: (u.get_full_name() or u.username)
        for u in User.objects.filter(pk__in=[r["finished_by"] for r in runs])
    }
    out = []
    for r in runs:
        rating = rated.get(r["finished_by"], {"n": 0, "unhappy": 0})
        out.append(
            {
                "officer_id": r["finished_by"],
                "name": names.get(r["finished_by"], "—"),
                "dossiers": r["dossiers"],
                "steps": r["steps"],
                "on_time": r["on_time"],
                "on_time_rate": round(r["on_time"] * 100 / r["steps"], 2) if r["steps"] else None,
                "avg_hours": round(r["avg"].total_seconds() / 3600, 1) if r["avg"] else None,
                "ratings": rating["n"],
                "dissatisfied": rating["unhappy"],
            }
        )
    out.sort(key=lambda row: row["name"])
    return out
